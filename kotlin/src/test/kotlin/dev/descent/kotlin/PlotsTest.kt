package dev.descent.kotlin

import java.nio.file.Files
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import org.junit.jupiter.api.io.TempDir

/** The plot builders render headless, and say what they miss. */
class PlotsTest {
    @TempDir
    lateinit var tmp: Path

    private fun isPng(file: Path) = Files.readAllBytes(file).take(4) == listOf(0x89.toByte(), 'P'.code.toByte(), 'N'.code.toByte(), 'G'.code.toByte())

    @Test
    fun `a line plot of histories and lists`() {
        val a = param("a", 1.0)
        val path = minimize(a * a) { optimizer = sgd(0.1); steps = 20 }
        val chart = linePlot {
            title = "loss"
            caption = "GD on a²"
            xLabel = "step"
            yLabel = "a²"
            logY = true
            logX = false
            points = true
            series("GD", path.losses)
            series("twice", (0 until 20).toList(), path.losses.map { 2 * it })
            lossVsStep("history", path.history)
            lossVsSamples("samples", path.history)
        }
        assertEquals("loss", chart.title())
        assertEquals("GD on a²", (chart.jfreeChart().getSubtitle(0) as org.jfree.chart.title.TextTitle).text)
        val png = tmp.resolve("loss.png")
        chart.savePng(png.toString())
        assertTrue(isPng(png))
        val svg = tmp.resolve("loss.svg")
        chart.saveSvg(svg.toString(), 300, 200)
        assertTrue(Files.readString(svg).contains("<svg"))
    }

    @Test
    fun `a surface plot with a path on top`() {
        val x = param("x", 1.0)
        val y = param("y", 1.0)
        val path = minimize(x * x + y * y) { optimizer = sgd(0.1); steps = 10 }
        val chart = surfacePlot {
            title = "x² + y²"
            caption = "down the bowl"
            valueLabel = "f"
            function { u, v -> u * u + v * v }
            xRange = -1.5..1.5
            yRange = -1.5..1.5
            resolution = 20
            trajectory(path.series("GD", "x", "y"))
            trajectory("history", path.history, "x", "y")
        }
        assertTrue(chart.toSvg(300, 300).contains("down the bowl"))
        val png = tmp.resolve("bowl.png")
        chart.savePng(png.toString(), 300, 300)
        assertTrue(isPng(png))
    }

    @Test
    fun `a surface plot without a function or a range says what to add`() {
        assertEquals("surfacePlot needs a function: function { x, y -> x * x + y * y }",
            assertFailsWith<IllegalArgumentException> { surfacePlot { xRange = 0.0..1.0; yRange = 0.0..1.0 } }.message)
        assertEquals("surfacePlot needs xRange, e.g. xRange = -2.0..2.0",
            assertFailsWith<IllegalArgumentException> { surfacePlot { function { u, v -> u + v } } }.message)
        assertEquals("surfacePlot needs yRange, e.g. yRange = -2.0..2.0",
            assertFailsWith<IllegalArgumentException> { surfacePlot { function { u, v -> u + v }; xRange = 0.0..1.0 } }.message)
    }
}

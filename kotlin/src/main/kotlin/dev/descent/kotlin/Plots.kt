package dev.descent.kotlin

import dev.descent.dsl.chart.AxesBuilder
import dev.descent.dsl.chart.HistorySeries
import dev.descent.dsl.plot.LinePlot
import dev.descent.dsl.plot.SurfacePlot
import java.nio.file.Path

/**
 * A line chart, rendered headless:
 *
 * ```kotlin
 * linePlot {
 *     title = "Loss vs samples processed"
 *     xLabel = "samples"; yLabel = "MSE"; logY = true
 *     series("GD", gd.samplesProcessed, gd.losses)
 * }.savePng("loss.png")
 * ```
 */
public fun linePlot(block: LineScope.() -> Unit): Chart = LineScope().apply(block).build()

/**
 * A heat map of a function of two variables with optimizer paths on top, rendered headless:
 *
 * ```kotlin
 * surfacePlot {
 *     title = "x² + y²"
 *     function { x, y -> x * x + y * y }
 *     xRange = -1.5..1.5
 *     yRange = -1.5..1.5
 *     trajectory(path.series("SGD", "x", "y"))
 * }.savePng("bowl.png", 700, 700)
 * ```
 */
public fun surfacePlot(block: SurfaceScope.() -> Unit): Chart = SurfaceScope().apply(block).build()

/** What every chart has: a title, a caption and axis labels. */
@DescentDsl
public sealed class PlotScope {
    /** The chart's title (none when empty). */
    public var title: String = ""

    /** A sentence under the title: what to look at (none when empty). */
    public var caption: String = ""

    /** The horizontal axis label. */
    public var xLabel: String = "x"

    /** The vertical axis label. */
    public var yLabel: String = "y"

    /** [b] with this scope's title, caption and axis labels. */
    internal fun <B : AxesBuilder<B, *>> axes(b: B): B = b.title(title).caption(caption).xLabel(xLabel).yLabel(yLabel)
}

/** The settings and lines of a [linePlot]. */
public class LineScope internal constructor() : PlotScope() {
    private val all = mutableListOf<Series>()

    /** A logarithmic vertical axis (points with y <= 0 are skipped). */
    public var logY: Boolean = false

    /** A logarithmic horizontal axis (points with x <= 0 are skipped). */
    public var logX: Boolean = false

    /** Markers on the points (default: only for short series); null: automatic. */
    public var points: Boolean? = null

    /** A line through the points ([x] [i], [y] [i]), named [name] in the legend. */
    public fun series(name: String, x: List<Number>, y: List<Number>) {
        series(Series(name, x.map { it.toDouble() }.toDoubleArray(), y.map { it.toDouble() }.toDoubleArray()))
    }

    /** A line of [y] against 0, 1, 2, ... named [name]. */
    public fun series(name: String, y: List<Number>) {
        series(name, y.indices.toList(), y)
    }

    /** A line made elsewhere, e.g. [Trajectory.series]. */
    public fun series(line: Series) {
        all += line
    }

    /** A history's loss after every step, against the samples processed so far. */
    public fun lossVsSamples(name: String, history: History) {
        series(HistorySeries.lossVsSamples(name, history))
    }

    /** A history's loss against the step. */
    public fun lossVsStep(name: String, history: History) {
        series(HistorySeries.lossVsStep(name, history))
    }

    internal fun build(): Chart {
        val b = axes(LinePlot.builder()).logX(logX).logY(logY)
        points?.let { b.points(it) }
        all.forEach { b.series(it) }
        return b.build()
    }
}

/** The function, extent and paths of a [surfacePlot]. */
public class SurfaceScope internal constructor() : PlotScope() {
    private var f: ((Double, Double) -> Double)? = null
    private val paths = mutableListOf<Series>()

    /** The horizontal extent, required: `xRange = -2.0..2.0`. */
    public var xRange: ClosedFloatingPointRange<Double>? = null

    /** The vertical extent, required: `yRange = -2.0..2.0`. */
    public var yRange: ClosedFloatingPointRange<Double>? = null

    /** Cells per axis (2..2000; default 120). */
    public var resolution: Int = 120

    /** The colour scale's label. */
    public var valueLabel: String = "f(x, y)"

    /** The function to colour, required: `function { x, y -> x * x + y * y }`. */
    public fun function(f: (x: Double, y: Double) -> Double) {
        this.f = f
    }

    /** An optimizer path on top: `trajectory(path.series("GD", "x", "y"))`. */
    public fun trajectory(path: Series) {
        paths += path
    }

    /** The path of two scalar parameters recorded in a history (train with `trajectoryStride = 1`). */
    public fun trajectory(name: String, history: History, x: String, y: String) {
        trajectory(HistorySeries.trajectory(name, history, x, y))
    }

    internal fun build(): Chart {
        val function = requireNotNull(f) { "surfacePlot needs a function: function { x, y -> x * x + y * y }" }
        val xs = requireNotNull(xRange) { "surfacePlot needs xRange, e.g. xRange = -2.0..2.0" }
        val ys = requireNotNull(yRange) { "surfacePlot needs yRange, e.g. yRange = -2.0..2.0" }
        val b = axes(SurfacePlot.builder()).valueLabel(valueLabel)
            .function { x, y -> function(x, y) }
            .xRange(xs.start, xs.endInclusive).yRange(ys.start, ys.endInclusive).resolution(resolution)
        paths.forEach { b.trajectory(it) }
        return b.build()
    }
}

/** Writes a PNG image of the chart to [path] (the folder must exist). */
public fun Chart.savePng(path: String, width: Int = 900, height: Int = 600) {
    savePng(Path.of(path), width, height)
}

/** Writes an SVG document of the chart to [path] (the folder must exist). */
public fun Chart.saveSvg(path: String, width: Int = 900, height: Int = 600) {
    saveSvg(Path.of(path), width, height)
}

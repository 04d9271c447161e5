package dev.descent.kotlin

import kotlin.math.pow
import kotlin.test.Test
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/** Histories and trajectories as Kotlin values, and objectives without data. */
class ResultsTest {
    @Test
    fun `minimize returns the path from the initial values on`() {
        val a = param("a", 1.0)
        val b = param("b", -2.0)
        val path = minimize(a * a + b * b) { optimizer = sgd(0.1); steps = 50 }
        assertEquals(50, path.steps)
        assertEquals(51, path["a"].size, "the start and every step")
        assertEquals(1.0, path["a"].first())
        assertEquals(0.8.pow(50), path["a"].last(), 1e-9)
        assertEquals(-2.0 * 0.8.pow(50), path["b"].last(), 1e-9)
        assertEquals(5.0, path.losses.first(), 1e-6)
        assertEquals(mapOf("a" to 0.8, "b" to -1.6), path.points[1].mapValues { Math.round(it.value * 1e6) / 1e6 })
        assertEquals(listOf("a", "b"), path.names)
        assertEquals((0L..50L).toList(), path.recordedSteps)
        assertEquals(51, path.series("GD", "a", "b").size())
        assertTrue(path.toString().startsWith("Trajectory(steps = 50, a: 1.0 -> 1.4"), path.toString())
        // every call starts again from the declared values
        assertEquals(1.0, minimize(a * a) { optimizer = sgd(0.1); steps = 1; trajectoryStride = 1 }["a"].first())
    }

    @Test
    fun `minimize takes every training setting`() {
        val a = param("a", 1.0)
        val momentum = minimize(a * a) { optimizer = sgd(0.1, momentum = 0.9); steps = 2 }
        // torch: buf = g0 = 2; a1 = 0.8; g1 = 1.6, buf = 0.9 * 2 + 1.6 = 3.4; a2 = 0.8 - 0.34
        assertEquals(0.46, momentum["a"].last(), 1e-6)
        val sparse = minimize(a * a) { optimizer = sgd(0.1); steps = 4; trajectoryStride = 2 }
        assertEquals(listOf(0L, 2L, 4L), sparse.recordedSteps)
        val stopped = minimize(a * a) { optimizer = sgd(0.1); stopWhen(lossBelow(0.1)) }
        assertTrue(stopped.steps in 5..7, "${stopped.steps}")
        assertEquals(stopped.steps, stopped.history.steps.size)
    }

    @Test
    fun `objectives that read inputs take them as data`() {
        val x = param("x", 1.0)
        val noise = input("n", 1)
        val objective = x * x + mean(noise) * x
        val path = minimize(objective, data = dataset("n" to listOf(1.0, -1.0))) {
            optimizer = sgd(0.5); batchSize = 1; shuffle = false; steps = 2
        }
        // step 0 sees n = 1: gradient 2x + 1 = 3, x = 1 - 1.5 = -0.5; step 1 sees n = -1: gradient -2, x = 0.5
        assertEquals(listOf(1.0, -0.5, 0.5), path["x"])
        assertEquals("The objective reads inputs [n]: give them as data, e.g. " +
            "minimize(objective, data = dataset(\"n\" to values)) { ... }",
            assertFailsWith<IllegalArgumentException> { minimize(objective) { optimizer = sgd(0.1); steps = 1 } }.message)
    }

    @Test
    fun `a trajectory names what it cannot read`() {
        val p = param("p", doubleArrayOf(1.0, 2.0))
        val path = minimize(sum(p * p)) { optimizer = sgd(0.25); steps = 1 }
        assertContentEquals(doubleArrayOf(0.5, 1.0), path.values("p").last())
        assertEquals("Parameter 'p' has 2 values, not one: read it with path.values(\"p\")",
            assertFailsWith<IllegalArgumentException> { path["p"] }.message)
        assertEquals("No parameter 'q' in the trajectory; it has [p]",
            assertFailsWith<IllegalArgumentException> { path["q"] }.message)
        assertEquals("No parameter 'q' in the trajectory; it has [p]",
            assertFailsWith<IllegalArgumentException> { path.values("q") }.message)
    }

    @Test
    fun `a history reads as Kotlin lists`() {
        Model(input("x", 1) * param("w", 0.0), mse).use { model ->
            val h = model.fit("x" to listOf(1.0, 2.0, 3.0, 4.0), "y" to listOf(2.0, 4.0, 6.0, 8.0)) {
                optimizer = sgd(0.01); batchSize = 2; shuffle = false; epochs = 2; trajectoryStride = 1; quiet()
            }
            assertEquals(4, h.losses.size)
            assertEquals(h.losses.last(), h.last.loss)
            assertEquals(3L, h.last.step)
            assertEquals(8L, h.last.totalSamples)
            assertEquals(listOf(2L, 4L, 6L, 8L), h.samplesProcessed)
            assertEquals(listOf((h.losses[0] + h.losses[1]) / 2, (h.losses[2] + h.losses[3]) / 2), h.epochLosses)
            assertEquals(listOf(0L, 1L), h.epochs.map { it.epoch })
            assertEquals(4, h.steps.size)
            assertEquals(5, h.trajectory.size)
            assertEquals(0.0, h.trajectory.first().getValue("w").single())
            assertEquals(model["w"], h.trajectory.last().getValue("w").single(), 1e-7)
            assertEquals(listOf(Double.NaN, Double.NaN), h.metric("val_loss"))
            assertTrue(h.stopReason.isNotEmpty())
        }
        assertEquals("The history has no steps: training ran no step",
            assertFailsWith<NoSuchElementException> { History().last }.message)
        assertEquals("", History().stopReason)
    }
}

package dev.descent.kotlin

import dev.descent.train.NonFiniteException
import java.nio.file.Files
import java.nio.file.Path
import kotlin.io.path.exists
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import org.junit.jupiter.api.io.TempDir

/** The training block: every setting reaches the run, and a Kotlin user's mistakes read as Kotlin. */
class TrainingTest {
    @TempDir
    lateinit var tmp: Path

    private val xs = DoubleArray(20) { it / 19.0 }
    private val ys = DoubleArray(20) { 2 * xs[it] + 1 }
    private val line get() = dataset("x" to xs, "y" to ys)

    private fun lineModel(): Model = Model(input("x", 1) * param("w", 0.0) + param("b", 0.0), mse)

    private fun fit(settings: TrainingScope.() -> Unit): History = lineModel().use { it.fit(line) { quiet(); settings() } }

    @Test
    fun `the block's properties make the run`() {
        lineModel().use { model ->
            val h = model.fit(line) {
                optimizer = sgd(lr = 0.5, momentum = 0.9)
                batchSize = 5
                seed = 3
                epochs = 40
                progress = Progress.QUIET
            }
            assertEquals(4 * 40, h.steps.size, "20 samples in batches of 5 for 40 epochs")
            assertEquals(40, h.epochs.size)
            assertEquals(2.0, model["w"], 0.05)
            assertEquals(1.0, model["b"], 0.05)
        }
    }

    @Test
    fun `batching is full batch, single sample or mini-batch with its options`() {
        assertEquals(listOf(20L, 40L), fit { optimizer = sgd(0.1); steps = 2 }.samplesProcessed)
        assertEquals(listOf(20L, 40L), fit { optimizer = sgd(0.1); fullBatch(); steps = 2 }.samplesProcessed)
        assertEquals(listOf(1L, 2L, 3L), fit { optimizer = sgd(0.1); singleSample(); steps = 3 }.samplesProcessed)
        assertEquals(listOf(8L, 16L, 20L), fit { optimizer = sgd(0.1); miniBatch(8); epochs = 1 }.samplesProcessed)
        assertEquals(listOf(8L, 16L), fit { optimizer = sgd(0.1); batchSize = 8; dropLast = true; epochs = 1 }.samplesProcessed)
        val scope = TrainingScope()
        assertEquals(0, scope.batchSize)
        scope.batchSize = 4
        assertEquals(4, scope.batchSize)
        assertEquals(true, scope.shuffle)
        assertEquals(false, scope.dropLast)
        assertEquals(false, scope.withReplacement)
    }

    @Test
    fun `the seed decides the batches, and shuffle = false keeps the order`() {
        val a = fit { optimizer = sgd(0.1); batchSize = 4; seed = 1; epochs = 2 }.losses
        val b = fit { optimizer = sgd(0.1); batchSize = 4; seed = 1; epochs = 2 }.losses
        val c = fit { optimizer = sgd(0.1); batchSize = 4; seed = 2; epochs = 2 }.losses
        assertEquals(a, b)
        assertTrue(a != c)
        val inOrder = fit { optimizer = sgd(0.0); batchSize = 4; shuffle = false; epochs = 1 }.losses
        // with lr 0, w = b = 0: the loss of batch k is the mean of (2x + 1)² over samples 4k..4k+3
        val expected = (0 until 5).map { k -> (4 * k until 4 * k + 4).map { (2 * xs[it] + 1).let { v -> v * v } }.average() }
        expected.zip(inOrder).forEach { (e, l) -> assertEquals(e, l, 1e-5) }
        assertEquals(3, fit { optimizer = sgd(0.1); batchSize = 4; withReplacement = true; steps = 3 }.steps.size)
    }

    @Test
    fun `validation split, validation set and metrics land in the epochs`() {
        val h = fit { optimizer = sgd(0.1); epochs = 2; validationSplit = 0.25; metrics(mae, rmse) }
        assertEquals(listOf(15L, 30L), h.samplesProcessed, "a quarter of 20 held out")
        assertEquals(setOf("val_loss", "val_mae", "val_rmse"), h.epochs.last().metrics().keys)
        assertEquals(2, h.metric("val_mae").size)
        val v = fit { optimizer = sgd(0.0); epochs = 1; validation = dataset("x" to listOf(0.5), "y" to listOf(2.0)) }
        assertEquals(4.0, v.metric("val_loss").single(), 1e-6)
    }

    @Test
    fun `listeners are Kotlin lambdas`() {
        val stepLosses = mutableListOf<Double>()
        val epochIndices = mutableListOf<Long>()
        val ends = mutableListOf<Long>()
        fit {
            optimizer = sgd(0.1)
            batchSize = 10
            epochs = 2
            onStep { stepLosses += it.loss }
            onEpoch { epochIndices += it.epoch }
            onStepEnd { ends += it.steps }
        }
        assertEquals(4, stepLosses.size)
        assertEquals(listOf(0L, 1L), epochIndices)
        assertEquals(listOf(1L, 2L, 3L, 4L), ends)
    }

    @Test
    fun `schedule, clipping, groups, stop rules and trajectories`() {
        val scheduled = fit { optimizer = sgd(0.1); steps = 3; schedule = exponentialLr(0.5, ScheduleUnit.STEP) }
        assertEquals(listOf(0.1, 0.05, 0.025), scheduled.steps.map { it.lr() })
        val clipped = lineModel().use { m -> m.fit(line) { quiet(); optimizer = sgd(1.0); steps = 1; clipValue = 0.01 }; m["w"] }
        assertEquals(0.01, clipped, 1e-7, "the gradient -2.x is clamped to -0.01")
        val normed = lineModel().use { m -> m.fit(line) { quiet(); optimizer = sgd(1.0); steps = 1; clipNorm = 1.0 }; m["w"] to m["b"] }
        assertEquals(1.0, kotlin.math.hypot(normed.first, normed.second), 1e-6)
        val grouped = lineModel().use { m ->
            m.fit(line) { quiet(); optimizer = sgd(0.1); steps = 1; group(listOf("b"), "lr" to 0.0) }
            m["b"]
        }
        assertEquals(0.0, grouped)
        val stopped = fit { optimizer = sgd(0.5); steps = 1000; stopWhen(lossBelow(0.01)) }
        assertTrue(stopped.steps.size < 1000)
        assertTrue(stopped.stopReason.isNotEmpty())
        val traced = fit { optimizer = sgd(0.1); steps = 4; trajectoryStride = 2 }
        assertEquals(listOf(0L, 2L, 4L), traced.trajectory().map { it.step() })
        assertEquals(3, traced.trajectory.size)
    }

    @Test
    fun `non-finite losses follow the policy`() {
        val huge = dataset("x" to listOf(1e30), "y" to listOf(1.0))
        lineModel().use { m ->
            assertFailsWith<NonFiniteException> { m.fit(huge) { quiet(); optimizer = sgd(1.0); steps = 3 } }
        }
        lineModel().use { m ->
            val h = m.fit(huge) { quiet(); optimizer = sgd(1.0); steps = 3; nonFinite = NonFinitePolicy.STOP }
            assertTrue(h.stopReason.isNotEmpty(), h.stopReason)
        }
    }

    @Test
    fun `checkpoints are written where the block says`() {
        val file = tmp.resolve("run.ckpt")
        fit { optimizer = sgd(0.1); steps = 4; checkpointEvery(2, file) }
        assertTrue(file.exists() && Files.size(file) > 0)
        val other = tmp.resolve("other.ckpt").toString()
        fit { optimizer = sgd(0.1); steps = 2; checkpointEvery(1, other) }
        assertTrue(Path.of(other).exists())
    }

    @Test
    fun `a Kotlin user's mistakes are told in Kotlin`() {
        assertEquals("The training block sets no optimizer. Fix: optimizer = sgd(lr = 0.01)",
            assertFailsWith<IllegalArgumentException> { fit { epochs = 1 } }.message)
        assertEquals("The training block sets neither epochs nor steps, so it would never stop. " +
            "Fix: epochs = 10, steps = 100 or stopWhen(lossBelow(1e-4))",
            assertFailsWith<IllegalArgumentException> { fit { optimizer = sgd(0.1) } }.message)
        assertEquals("Both epochs = 2 and steps = 5 are set: give the training length one way. " +
            "Fix: remove one of them, or add the other as stopWhen(maxSteps(5)).",
            assertFailsWith<IllegalArgumentException> { fit { optimizer = sgd(0.1); epochs = 2; steps = 5 } }.message)
    }

    @Test
    fun `other bad settings fail with the Java settings' messages`() {
        fun message(settings: TrainingScope.() -> Unit) =
            assertFailsWith<IllegalArgumentException> { fit { optimizer = sgd(0.1); settings() } }.message!!
        assertEquals("Invalid epochs: -1 (epochs must be >= 1)", message { epochs = -1 })
        assertTrue(message { steps = 1; batchSize = 0 }.startsWith("Invalid batch size: 0"))
        assertEquals("shuffle/dropLast/withReplacement apply to mini-batches only, but the batching is full batch. " +
            "Fix: call miniBatch(size) first.", message { steps = 1; shuffle = false })
        assertEquals("Both clipNorm (1.0) and clipValue (1.0) are set; choose one way to clip gradients",
            message { steps = 1; clipNorm = 1.0; clipValue = 1.0 })
        assertEquals("Invalid validationSplit: 1.5 (must be in [0, 1), e.g. 0.2 to hold out 20%)",
            message { steps = 1; validationSplit = 1.5 })
        assertEquals("Both validation(data) and validationSplit(0.5) are set; use one of them",
            message { steps = 1; validationSplit = 0.5; validation = line })
        assertTrue(message { steps = 1; trajectoryStride = -1 }.startsWith("Invalid trajectory stride: -1"))
    }
}

package dev.descent.kotlin

import dev.descent.store.Safetensors
import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.junit.jupiter.api.io.TempDir

/** Long runs and PyTorch weights from the Kotlin DSL: the training block reaches the Java settings. */
class LongRunsTest {
    /** A file of the repository's golden/ folder, found from the working directory up. */
    private fun golden(file: String): Path =
        generateSequence(Path.of("").toAbsolutePath()) { it.parent }.map { it.resolve("golden").resolve(file) }
            .first { java.nio.file.Files.isRegularFile(it) }

    @TempDir
    lateinit var tmp: Path

    private val xs = DoubleArray(24) { it / 23.0 }
    private val ys = DoubleArray(24) { 2 * xs[it] + 1 }
    private val line get() = dataset("x" to xs, "y" to ys)

    private fun lineModel(): Model = Model(input("x", 1) * param("w", 0.0) + param("b", 0.0), mse)

    private fun TrainingScope.momentum(n: Int) {
        optimizer = sgd(lr = 0.1, momentum = 0.9)
        batchSize = 5
        seed = 3
        epochs = n
        quiet()
    }

    @Test
    fun `two fits continue into one run, reset starts afresh`() {
        val straight = lineModel().use { it.fit(line) { momentum(5) }; it["w"] to it["b"] }
        lineModel().use { model ->
            model.fit(line) { momentum(2) }
            val second = model.fit(line) { momentum(3) }
            assertEquals(10L, second.steps.first().step, "the second fit goes on from step 10")
            assertEquals(straight, model["w"] to model["b"])
            val fresh = model.fit(line) { momentum(1); reset() }
            assertEquals(0L, fresh.steps.first().step)
        }
    }

    @Test
    fun `a checkpoint resumes to the bits of the uninterrupted run`() {
        val ckpt = tmp.resolve("line.ckpt")
        val straight = lineModel().use { it.fit(line) { momentum(4) }; it["w"] to it["b"] }
        lineModel().use { it.fit(line) { momentum(2); checkpointEvery(3, ckpt) } }
        lineModel().use { model ->
            val h = model.fit(line) { momentum(4); resumeIfPresent(ckpt) }
            assertEquals(10L, h.steps.first().step)
            assertEquals(straight, model["w"] to model["b"])
        }
    }

    @Test
    fun `early stopping on the training loss stops a run that no longer learns`() {
        lineModel().use { model ->
            val h = model.fit(line) {
                optimizer = sgd(lr = 0.0)
                epochs = 50
                quiet()
                earlyStopping = earlyStopping("loss", patience = 2, restoreBest = true)
            }
            assertEquals(3, h.epochs.size)
            assertTrue(h.stopReason!!.startsWith("early stopping: loss"), h.stopReason)
        }
    }

    @Test
    fun `PyTorch weights load under torch's names and save back`() {
        val net = sequential(input = 5) { dense(16, activation = tanh); dense(3) }
        Model(net, crossEntropy).use { model ->
            model.loadSafetensors(golden("safetensors/mlp_tanh.safetensors"))
            val out = tmp.resolve("back.safetensors")
            model.saveSafetensors(out)
            val torch = Safetensors.read(golden("safetensors/mlp_tanh.safetensors")).tensors()
            val back = Safetensors.read(out).tensors()
            assertEquals(torch.keys.toList(), back.keys.toList())
            torch.forEach { (name, t) -> assertEquals(t, back[name], name) }
        }
    }
}

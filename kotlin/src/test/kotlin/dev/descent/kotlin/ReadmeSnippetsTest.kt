package dev.descent.kotlin

import java.nio.file.Files
import java.nio.file.Path
import kotlin.math.pow
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue
import org.junit.jupiter.api.io.TempDir

/** The README's Kotlin snippets, as written there, on small data made here. */
class ReadmeSnippetsTest {
    @TempDir
    lateinit var tmp: Path

    /** 64 noisy features per sample; class c raises feature c by 3. */
    private fun digitsLike(n: Int, seed: Long): Dataset {
        val rng = java.util.Random(seed)
        val labels = IntArray(n) { it % 10 }
        val rows = Array(n) { i -> DoubleArray(64) { j -> rng.nextGaussian() + if (j == labels[i]) 3.0 else 0.0 } }
        return dataset("x" to rows, "y" to labels)
    }

    @Test
    fun `a network with a training block`() {
        val train = digitsLike(400, 1)
        val test = digitsLike(100, 2)
        val cwd = tmp.resolve("digits.descent")
        // --- as in the README
        val net = sequential(input = 64, seed = 1) { dense(32, activation = relu); dense(10) }
        Model(net, crossEntropy).use { model ->
            val history = model.fit(train) {
                optimizer = sgd(lr = 0.05, momentum = 0.9, nesterov = true)   // torch.optim.SGD semantics
                batchSize = 32; seed = 7                       // or fullBatch() (GD) / singleSample() (SGD)
                epochs = 30
                validationSplit = 0.2
                metrics(accuracy)
                quiet()                                        // (not in the README: no progress in tests)
            }
            val acc = model.evaluate(test, accuracy).getValue("accuracy")
            model.save(cwd.toString())
            // --- checks
            assertEquals(30, history.epochs.size)
            assertEquals(30, history.metric("val_accuracy").size)
            assertTrue(acc > 0.8, "accuracy $acc")
            assertTrue(Files.size(cwd) > 0)
        }
    }

    @Test
    fun `a CSV with a header and species names`() {
        val species = listOf("virginica", "setosa", "versicolor")
        val rng = java.util.Random(3)
        val text = StringBuilder("id,sepal_length,sepal_width,petal_length,petal_width,species\n")
        for (i in 0 until 90) {
            val c = i % 3
            text.append("s$i")
            for (j in 0 until 4) text.append(',').append((c - 1) * 2 + 0.3 * rng.nextGaussian())
            text.append(',').append(species[c]).append('\n')
        }
        val file = tmp.resolve("iris.csv")
        Files.writeString(file, text)
        // --- as in the README (with the file made above)
        val iris = readCsv(file, labelColumns = listOf("species"), labels = LabelEncoding.CLASS_INDEX, skip = listOf("id"))
        val net = sequential(input = 4, seed = 1) { dense(16, activation = relu); dense(3) }
        Model(net, crossEntropy).use { model ->
            model.fit(iris) { optimizer = sgd(lr = 0.1, momentum = 0.9); batchSize = 16; seed = 7; epochs = 40; quiet() }
            val answers = model.predictLabels(iris)              // [virginica, setosa, versicolor, ...]
            model.save(tmp.resolve("iris.descent"))              // keeps the class names
            // --- checks
            assertEquals(listOf("setosa", "versicolor", "virginica"), model.classLabels)
            assertEquals(List(90) { species[it % 3] }, answers)
            Model.load(tmp.resolve("iris.descent")).use { loaded ->
                assertEquals(answers, loaded.predictLabels(arrayOf(*iris["x"].toRows())))
            }
        }
    }

    @Test
    fun `an expression model and an objective without data`() {
        val xs = DoubleArray(20) { it / 10.0 }
        val ys = xs.map { 2 * it + 1 }
        // --- as in the README
        val x = input("x", 1)
        val w = param("w", 0.0)
        val b = param("b", 0.0)
        val line = Model(x * w + b, mse)
        val history = line.fit("x" to xs, "y" to ys) { optimizer = sgd(0.1); epochs = 100; quiet() }
        println("w = ${line["w"]}, b = ${line["b"]}, final loss ${history.last.loss}")
        // --- checks
        assertEquals(2.0, line["w"], 0.1)
        assertEquals(1.0, line["b"], 0.1)
        line.close()

        val file = tmp.resolve("bowl.png")
        // --- as in the README
        val a = param("a", 1.0)
        val b2 = param("b", -2.0)
        val path = minimize(a * a + b2 * b2) { optimizer = sgd(0.1); steps = 50 }
        println(path["a"].last())                 // 1.0 * 0.8^50: a shrinks by 1 - 2 lr per step
        surfacePlot {
            function { u, v -> u * u + v * v }
            xRange = -2.0..2.0
            yRange = -2.0..2.0
            trajectory(path.series("GD", "a", "b"))
        }.savePng(file.toString())
        // --- checks
        assertEquals(0.8.pow(50), path["a"].last(), 1e-9)
        assertTrue(Files.size(file) > 1000)
    }
}

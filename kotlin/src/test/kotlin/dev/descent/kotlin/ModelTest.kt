package dev.descent.kotlin

import java.nio.file.Path
import kotlin.test.Test
import kotlin.test.assertContentEquals
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue
import org.junit.jupiter.api.io.TempDir

/** The model: construction, results as Kotlin values, predictions, evaluation, files. */
class ModelTest {
    @TempDir
    lateinit var tmp: Path

    @Test
    fun `the source material's two seed steps`() {
        fun stepFrom100(vararg xs: Double): Double {
            val x = input("x", 1)
            val w = param("w", arrayOf(doubleArrayOf(100.0)))
            return Model(x matmul w, mse).use { model ->
                model.fit("x" to xs, "y" to xs) { optimizer = sgd(0.001); steps = 1; quiet() }
                model["w"]
            }
        }
        assertEquals(99.8020, stepFrom100(1.0), 1e-4)
        assertEquals(92.3770, stepFrom100(*DoubleArray(10) { it + 1.0 }), 1e-4)
    }

    @Test
    fun `parameters read as Double, DoubleArray and Array of DoubleArray`() {
        val net = sequential(input = 2) {
            dense(3, weightInit = Init.array(arrayOf(floatArrayOf(1f, 2f, 3f), floatArrayOf(4f, 5f, 6f))), biasInit = Init.zeros())
            dense(1, biasInit = Init.constant(0.5))
        }
        Model(net, mse).use { model ->
            assertEquals(0.5, model["layer1.bias"])
            assertContentEquals(doubleArrayOf(1.0, 2.0, 3.0, 4.0, 5.0, 6.0), model.vector("layer0.weight"))
            val rows = model.matrix("layer0.weight")
            assertEquals(listOf(listOf(1.0, 2.0, 3.0), listOf(4.0, 5.0, 6.0)), rows.map { it.toList() })
            assertEquals(listOf("layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias"), model.parameters.keys.toList())
            assertContentEquals(doubleArrayOf(0.0, 0.0, 0.0), model.parameters.getValue("layer0.bias"))
            assertEquals(mapOf("layer0.weight" to listOf(2, 3), "layer0.bias" to listOf(3), "layer1.weight" to listOf(3, 1),
                "layer1.bias" to listOf(1)), model.shapes)
            assertEquals(listOf("x"), model.inputNames)
            assertTrue(model.summary.contains("layer0.weight"), model.summary)
        }
    }

    @Test
    fun `reading a parameter the wrong way says how to read it`() {
        Model(sequential(input = 2) { dense(3) }, mse).use { model ->
            assertEquals("Parameter 'layer0.weight' has shape [2, 3] (6 values), not one value: read it with " +
                "model.vector(\"layer0.weight\") or model.matrix(\"layer0.weight\")",
                assertFailsWith<IllegalArgumentException> { model["layer0.weight"] }.message)
            assertEquals("Parameter 'layer0.bias' has shape [3], not a matrix: read it with model.vector(\"layer0.bias\")",
                assertFailsWith<IllegalArgumentException> { model.matrix("layer0.bias") }.message)
            assertEquals("No parameter 'w': the model has [layer0.weight, layer0.bias]",
                assertFailsWith<IllegalArgumentException> { model["w"] }.message)
        }
        Model(input("x", 1) * param("w", 2.0), mse).use { model ->
            assertEquals("Parameter 'w' has shape [], not a matrix: read it with model[\"w\"]",
                assertFailsWith<IllegalArgumentException> { model.matrix("w") }.message)
        }
    }

    @Test
    fun `predictions come back as Kotlin values`() {
        val x = input("x", 2)
        val w = param("w", arrayOf(doubleArrayOf(1.0), doubleArrayOf(10.0)))
        Model(x matmul w, mse).use { model ->
            val out = model.predict(arrayOf(doubleArrayOf(1.0, 2.0), doubleArrayOf(3.0, 4.0)))
            assertEquals(listOf(listOf(21.0), listOf(43.0)), out.map { it.toList() })
            assertEquals(listOf(listOf(21.0)), model.predict("x" to arrayOf(doubleArrayOf(1.0, 2.0))).map { it.toList() })
            assertEquals(2L, model.predict(org.nd4j.linalg.factory.Nd4j.ones(2, 2)).size(0))
        }
        Model(input("x", 1) * param("k", 3.0), mse).use { model ->
            assertContentEquals(doubleArrayOf(3.0, 6.0), model.predict(doubleArrayOf(1.0, 2.0)))
        }
        Model(input("x", 1) matmul param("w", arrayOf(doubleArrayOf(1.0, 2.0))), mse).use { model ->
            assertEquals("predict(DoubleArray) gives one value per sample, but this model predicts 2 per sample: " +
                "use predict(Array<DoubleArray>)",
                assertFailsWith<IllegalArgumentException> { model.predict(doubleArrayOf(1.0)) }.message)
        }
    }

    @Test
    fun `a classifier evaluates, classifies, saves and loads`() {
        val xs = Array(60) { i -> doubleArrayOf(if (i % 3 == 0) -2.0 else if (i % 3 == 1) 2.0 else 0.0, if (i % 3 == 2) 2.0 else 0.0) }
        val data = dataset("x" to xs, "y" to IntArray(60) { it % 3 })
        val file = tmp.resolve("blobs.descent")
        Model(sequential(input = 2, seed = 3) { dense(8, activation = tanh); dense(3) }, crossEntropy).use { model ->
            val h = model.fit(data) { optimizer = sgd(lr = 0.1, momentum = 0.9); batchSize = 10; epochs = 30; quiet() }
            assertTrue(h.epochLosses.last() < h.epochLosses.first() / 5, "${h.epochLosses}")
            val scores = model.evaluate(data, accuracy, topK(2))
            assertEquals(setOf("loss", "accuracy", "top2_accuracy"), scores.keys)
            assertEquals(1.0, scores.getValue("accuracy"))
            assertEquals((0 until 60).map { it % 3 }, model.classify(data).toList())
            model.save(file)
            Model.load(file).use { loaded ->
                assertContentEquals(model.vector("layer1.weight"), loaded.vector("layer1.weight"))
                assertEquals(1.0, loaded.evaluate(data, accuracy).getValue("accuracy"))
            }
            model.save(tmp.resolve("again.descent").toString())
            Model.load(tmp.resolve("again.descent").toString()).close()
        }
    }

    @Test
    fun `data without the model's input or target says how to give it`() {
        Model(input("x", 1) * param("w", 1.0), mse).use { model ->
            val noInput = dataset("features" to listOf(1.0), "y" to listOf(1.0))
            assertEquals("The data set has no array 'x' (it holds [features, y]); the model reads its input from 'x'. " +
                "Fix: dataset(\"x\" to inputs, \"y\" to targets).",
                assertFailsWith<IllegalArgumentException> { model.fit(noInput) { optimizer = sgd(0.1); steps = 1 } }.message)
            assertFailsWith<IllegalArgumentException> { model.evaluate(noInput) }
            assertEquals("The data set has no target array 'y' (it holds [x]). Fix: add the targets under 'y'.",
                assertFailsWith<dev.descent.DescentException> {
                    model.fit("x" to listOf(1.0)) { optimizer = sgd(0.1); steps = 1 }
                }.message)
        }
    }

    @Test
    fun `custom loss expressions and the Java model underneath`() {
        val x = input("x", 1)
        val w = param("w", 0.0)
        val pred = x * w
        Model(pred, mean(square(pred - input("y", 1)))).use { model ->
            model.fit("x" to listOf(1.0, 2.0), "y" to listOf(3.0, 6.0)) { optimizer = sgd(0.1); steps = 200; quiet() }
            assertEquals(3.0, model["w"], 1e-4)
            assertEquals(3.0, model.java.parameters().getValue("w").getDouble(0L), 1e-4)
            assertEquals(3.0, Model.of(model.java)["w"], 1e-4)
        }
    }
}

package dev.descent.examples.kotlin

import dev.descent.compile.GraphCompiler
import dev.descent.dsl.Descent
import dev.descent.graph.ModelGraph
import dev.descent.train.Trainer
import dev.descent.train.TrainingPlan
import java.nio.file.Files
import kotlin.io.path.readText
import dev.descent.kotlin.get
import dev.descent.kotlin.minimize
import dev.descent.kotlin.param
import dev.descent.kotlin.sgd
import dev.descent.kotlin.div
import dev.descent.kotlin.minus
import dev.descent.kotlin.size
import kotlin.math.abs
import kotlin.math.pow
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertTrue

class KotlinExamplesTest {

    @Test
    fun `x times w plus b fits the line it was drawn from`() {
        val fit = fitLine(seed = 7, epochs = 50)
        assertEquals(2.0, fit.slope, 0.03, "slope")
        assertEquals(1.0, fit.intercept, 0.03, "intercept")
        assertEquals(500, fit.steps, "100 samples in batches of 10 for 50 epochs")
        // the noise has standard deviation 0.05, so the best possible MSE is about 0.0025
        assertTrue(fit.finalLoss < 0.01, "final loss ${fit.finalLoss}")
    }

    @Test
    fun `gradient descent on the bowl shrinks each coordinate by 1 - 2 lr per step`() {
        val bowl = descendBowl(lr = 0.1, steps = 60)
        val shrink = 0.8.pow(60)
        assertEquals(1.0 * shrink, bowl["a"].last(), 1e-8)
        assertEquals(-2.0 * shrink, bowl["b"].last(), 1e-8)
        assertTrue(bowl.losses.last() < 1e-10, "loss ${bowl.losses.last()}")
        assertEquals(60, bowl.steps)
        // loss recorded before step 0 is the starting value 1 + 4
        assertEquals(5.0, bowl.losses[0], 1e-6)
        assertEquals(listOf(1.0, -2.0), listOf(bowl["a"].first(), bowl["b"].first()))
    }

    @Test
    fun `the bowl's walk becomes an interactive report`() {
        val dir = Files.createTempDirectory("kotlin-report")
        try {
            val page = bowlReport(dir.resolve("bowl.html"), lr = 0.1, steps = 30).readText()
            assertTrue(page.startsWith("<!DOCTYPE html>"))
            assertTrue(page.contains("\"kind\":\"surface\"") && page.contains("\"name\":\"GD, lr 0.1\""))
            assertTrue(page.contains("\"step\":[0,1,2,"), "every step recorded")
        } finally {
            dir.toFile().deleteRecursively()
        }
    }

    @Test
    fun `the sequential classifier separates the blobs`() {
        val result = classifyBlobs(epochs = 20)
        assertTrue(result.accuracy > 0.9, "test accuracy ${result.accuracy}")
        assertTrue(result.epochLosses.last() < result.epochLosses.first() / 10,
            "epoch losses ${result.epochLosses.first()} -> ${result.epochLosses.last()}")
        assertEquals(20, result.epochLosses.size)
    }

    @Test
    fun `Kotlin operators map to the expression methods`() {
        // loss = (-a) * p[1] + (a - 1) / 2 with a = 3, p = [1, -2]:
        // d/da = -p[1] + 1/2 = 2.5, d/dp = [0, -a] = [0, -3]
        val a = param("a", 3.0)
        val p = param("p", doubleArrayOf(1.0, -2.0))
        val path = minimize(-a * p[1] + (a - 1) / 2) { optimizer = sgd(0.1); steps = 1 }
        assertEquals(7.0, path.losses[0], 1e-6) // 6 + 1
        assertEquals(3.0 - 0.1 * 2.5, path["a"].last(), 1e-6)
        val pAfter = path.values("p").last()
        assertEquals(1.0, pAfter[0], 1e-6)
        assertEquals(-2.0 + 0.1 * 3.0, pAfter[1], 1e-6)
    }

    @Test
    fun `torch's adaptive optimizers read the same in Kotlin`() {
        // while the gradient keeps its sign and changes slowly, each bias-corrected Adam step is about
        // lr * sign(g): from (1, -2) on the bowl, a and b move about 0.01 toward zero per step
        val a = param("a", 1.0)
        val b = param("b", -2.0)
        GraphCompiler.compile(ModelGraph.builder().loss(a * a + b * b).build()).use { compiled ->
            val rule = Descent.adam(0.01).betas(0.9, 0.999).build()
            Trainer.create(compiled, TrainingPlan.builder().optimizer(rule).steps(3).build()).fit()
            val params = compiled.parameters()
            assertEquals(1.0 - 0.03, params.getValue("a").getDouble(0), 1e-4)
            assertEquals(-2.0 + 0.03, params.getValue("b").getDouble(0), 1e-4)
        }
        assertEquals(0.01, Descent.adamw().build().hyperParameters()["weight_decay"])
        assertEquals(listOf(0.9, 0.99), Descent.rule("adam", mapOf("betas" to listOf(0.9, 0.99))).build().hyperParameters()["betas"])
        assertEquals(1.0, Descent.adadelta().build().lr())
        assertEquals(true, Descent.rmsprop(0.01).centered().build().hyperParameters()["centered"])
        assertEquals(0.1, Descent.adagrad().initialAccumulatorValue(0.1).build().hyperParameters()["initial_accumulator_value"])
    }

    @Test
    fun `blobs labels cycle through the three classes`() {
        val data = blobs(9, seed = 1)
        assertEquals(9, data.size)
        val labels = data["y"].toDoubleVector()
        assertEquals(listOf(0.0, 1.0, 2.0, 0.0, 1.0, 2.0, 0.0, 1.0, 2.0), labels.toList())
        val x = data["x"]
        // class 0 sits around (-2, 0) and class 1 around (2, 0), with spread 0.5
        assertTrue((0 until 9 step 3).all { i -> abs(x.getDouble(i.toLong(), 0) + 2.0) < 2.0 })
        assertTrue((1 until 9 step 3).all { i -> abs(x.getDouble(i.toLong(), 0) - 2.0) < 2.0 })
    }
}

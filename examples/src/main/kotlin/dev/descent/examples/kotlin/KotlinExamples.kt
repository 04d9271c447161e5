@file:JvmName("KotlinExamples")

package dev.descent.examples.kotlin

import dev.descent.compile.GraphCompiler
import dev.descent.data.Dataset
import dev.descent.data.Rng
import dev.descent.dsl.Descent.*
import dev.descent.dsl.Model
import dev.descent.dsl.loss.Loss
import dev.descent.dsl.metric.Metric
import dev.descent.dsl.nn.Activation
import dev.descent.dsl.report.Curve
import dev.descent.dsl.report.Report
import dev.descent.dsl.report.Trajectory
import dev.descent.graph.ModelGraph
import dev.descent.train.History
import dev.descent.train.Trainer
import dev.descent.train.TrainingPlan
import java.nio.file.Path
import org.nd4j.linalg.factory.Nd4j

/** The fitted line of [fitLine]. */
data class LineFit(val slope: Double, val intercept: Double, val finalLoss: Double, val steps: Int)

/** Where [descendBowl] ended. */
data class BowlResult(val a: Double, val b: Double, val loss: Double, val history: History)

/** The trained classifier of [classifyBlobs] and its scores on fresh points. */
data class ClassifierResult(val accuracy: Double, val testLoss: Double, val epochLosses: DoubleArray)

/**
 * Fits `pred = x * w + b` to 100 noisy points of y = 2x + 1: an expression model written with
 * Kotlin operators, trained with mini-batch SGD with momentum.
 */
fun fitLine(seed: Long = 7, epochs: Long = 50): LineFit {
    val rng = Rng(seed)
    val xs = DoubleArray(100) { it / 50.0 - 1.0 }
    val ys = DoubleArray(100) { 2.0 * xs[it] + 1.0 + 0.05 * rng.nextGaussian() }

    val x = input("x", 1)            // [batch, 1]
    val w = param("w", 0.0)
    val b = param("b", 0.0)
    val pred = x * w + b

    Model.of(pred, Loss.mse()).use { model ->
        val history = model.fit(data("x", column(*xs), "y", column(*ys))) {
            it.optimizer(sgd(0.1).momentum(0.9)).miniBatch(10).seed(seed).epochs(epochs).quiet()
        }
        val params = model.parameters()
        return LineFit(params.getValue("w").getDouble(0), params.getValue("b").getDouble(0),
            history.finalLoss(), history.steps().size)
    }
}

/**
 * Minimises the bowl `a² + b²` from (1, -2) by plain gradient descent. There is no data, so this
 * uses the core layer directly: a loss-only graph, compiled and stepped by a [Trainer].
 */
fun descendBowl(lr: Double = 0.1, steps: Long = 60): BowlResult {
    val a = param("a", 1.0)
    val b = param("b", -2.0)
    val bowl = a * a + b * b

    GraphCompiler.compile(ModelGraph.builder().loss(bowl).build()).use { compiled ->
        val history = Trainer.create(compiled, TrainingPlan.builder().optimizer(sgd(lr).build()).steps(steps).build()).fit()
        val params = compiled.parameters()
        return BowlResult(params.getValue("a").getDouble(0), params.getValue("b").getDouble(0),
            history.finalLoss(), history)
    }
}

/**
 * [descendBowl]'s walk down `a² + b²`, recorded at every step, as an interactive report: the bowl in
 * 3D with the path on it and the loss per step (the DSL's report builder, with Kotlin lambdas).
 */
fun bowlReport(file: Path, lr: Double = 0.1, steps: Long = 30): Path {
    val a = param("a", 1.0)
    val b = param("b", -2.0)
    GraphCompiler.compile(ModelGraph.builder().loss(a * a + b * b).build()).use { compiled ->
        val history = Trainer.create(compiled,
            TrainingPlan.builder().optimizer(sgd(lr).build()).steps(steps).trajectoryStride(1).build()).fit()
        return Report.builder()
            .title("Gradient descent on a² + b² from (1, -2)")
            .surface {
                it.title("The bowl").xLabel("a").yLabel("b")
                    .function { x, y -> x * x + y * y }
                    .xRange(-2.5, 2.5).yRange(-2.5, 2.5)
                    .path(Trajectory.of("GD, lr $lr", history, "a", "b"))
            }
            .lineChart {
                it.title("Loss per step").xLabel("step").yLabel("a² + b²").logY(true)
                    .curve(Curve.lossVsStep("GD, lr $lr", history))
            }
            .build()
            .write(file)
    }
}

/** [n] points around three centres in 2-D, labelled 0, 1, 2 (class indices). */
fun blobs(n: Int, seed: Long): Dataset {
    val rng = Rng(seed)
    val centres = listOf(-2.0 to 0.0, 2.0 to 0.0, 0.0 to 2.5)
    val labels = IntArray(n) { it % 3 }
    val features = Array(n) { i ->
        val (cx, cy) = centres[labels[i]]
        floatArrayOf((cx + 0.5 * rng.nextGaussian()).toFloat(), (cy + 0.5 * rng.nextGaussian()).toFloat())
    }
    return Dataset.of("x", Nd4j.createFromArray(features),
        "y", vector(*DoubleArray(n) { labels[it].toDouble() }))
}

/** A 2-16-3 tanh network trained with cross-entropy on [blobs], scored with [Metric.accuracy]. */
fun classifyBlobs(epochs: Long = 20): ClassifierResult {
    val net = sequential { it.input(2).dense(16, Activation.tanh()).dense(3).seed(3) }
    Model.of(net, Loss.crossEntropy()).use { model ->
        val history = model.fit(blobs(300, seed = 1)) {
            it.optimizer(sgd(0.1).momentum(0.9))
                .miniBatch(32)
                .seed(5)
                .epochs(epochs)
                .quiet()
        }
        val scores = model.evaluate(blobs(150, seed = 99), Metric.accuracy())
        return ClassifierResult(scores.getValue("accuracy"), scores.getValue("loss"), history.epochLosses())
    }
}

fun main() {
    val line = fitLine()
    println("line:       w = %.4f, b = %.4f (true 2, 1), loss %.5f after %d steps"
        .format(line.slope, line.intercept, line.finalLoss, line.steps))
    val bowl = descendBowl()
    println("bowl:       a = %.2e, b = %.2e, a² + b² = %.2e after %d steps"
        .format(bowl.a, bowl.b, bowl.loss, bowl.history.steps().size))
    val clf = classifyBlobs()
    println("classifier: test accuracy %.4f, test loss %.4f, epoch loss %.4f -> %.4f"
        .format(clf.accuracy, clf.testLoss, clf.epochLosses.first(), clf.epochLosses.last()))
}

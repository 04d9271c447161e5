@file:JvmName("KotlinExamples")

/**
 * Descent from Kotlin with the Kotlin DSL (`dev.descent.kotlin`, artifact `descent-kotlin`): a line
 * fitted with operators and a training block of properties, the bowl a² + b² minimised without
 * data, and a classifier built with the `sequential { }` builder.
 */
package dev.descent.examples.kotlin

import dev.descent.data.Rng
import dev.descent.compile.GraphCompiler
import dev.descent.dsl.chart.HistorySeries
import dev.descent.dsl.report.Report
import dev.descent.dsl.report.Trajectory as ReportPath
import dev.descent.graph.ModelGraph
import dev.descent.optim.Sgd
import dev.descent.train.Trainer
import dev.descent.train.TrainingPlan
import java.nio.file.Path
import dev.descent.kotlin.Dataset
import dev.descent.kotlin.Model
import dev.descent.kotlin.Trajectory
import dev.descent.kotlin.accuracy
import dev.descent.kotlin.crossEntropy
import dev.descent.kotlin.dataset
import dev.descent.kotlin.epochLosses
import dev.descent.kotlin.input
import dev.descent.kotlin.last
import dev.descent.kotlin.minimize
import dev.descent.kotlin.mse
import dev.descent.kotlin.param
import dev.descent.kotlin.sequential
import dev.descent.kotlin.sgd
import dev.descent.kotlin.steps
import dev.descent.kotlin.tanh
import dev.descent.kotlin.times

/** The fitted line of [fitLine]. */
data class LineFit(val slope: Double, val intercept: Double, val finalLoss: Double, val steps: Int)

/** The trained classifier of [classifyBlobs] and its scores on fresh points. */
data class ClassifierResult(val accuracy: Double, val testLoss: Double, val epochLosses: List<Double>)

/**
 * Fits `pred = x * w + b` to 100 noisy points of y = 2x + 1: an expression model written with
 * Kotlin operators, trained with mini-batch SGD with momentum.
 */
fun fitLine(seed: Long = 7, epochs: Int = 50): LineFit {
    val rng = Rng(seed)
    val xs = DoubleArray(100) { it / 50.0 - 1.0 }
    val ys = DoubleArray(100) { 2.0 * xs[it] + 1.0 + 0.05 * rng.nextGaussian() }

    val x = input("x", 1)            // [batch, 1]
    val w = param("w", 0.0)
    val b = param("b", 0.0)

    Model(x * w + b, mse).use { model ->
        val history = model.fit("x" to xs, "y" to ys) {
            optimizer = sgd(lr = 0.1, momentum = 0.9)
            batchSize = 10
            this.seed = seed
            this.epochs = epochs
            quiet()
        }
        return LineFit(model["w"], model["b"], history.last.loss, history.steps.size)
    }
}

/** Minimises the bowl `a² + b²` from (1, -2) by plain gradient descent: an objective without data. */
fun descendBowl(lr: Double = 0.1, steps: Int = 60): Trajectory {
    val a = param("a", 1.0)
    val b = param("b", -2.0)
    return minimize(a * a + b * b) {
        optimizer = sgd(lr)
        this.steps = steps
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
            TrainingPlan.builder().optimizer(Sgd.builder().lr(lr).build()).steps(steps).trajectoryStride(1).build()).fit()
        return Report.builder()
            .title("Gradient descent on a² + b² from (1, -2)")
            .surface {
                it.title("The bowl").xLabel("a").yLabel("b")
                    .function { x, y -> x * x + y * y }
                    .xRange(-2.5, 2.5).yRange(-2.5, 2.5)
                    .path(ReportPath.of("GD, lr $lr", history, "a", "b"))
            }
            .lineChart {
                it.title("Loss per step").xLabel("step").yLabel("a² + b²").logY(true)
                    .curve(HistorySeries.lossVsStep("GD, lr $lr", history))
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
        doubleArrayOf(cx + 0.5 * rng.nextGaussian(), cy + 0.5 * rng.nextGaussian())
    }
    return dataset("x" to features, "y" to labels)
}

/** A 2-16-3 tanh network trained with cross-entropy on [blobs], scored with [accuracy]. */
fun classifyBlobs(epochs: Int = 20): ClassifierResult {
    val net = sequential(input = 2, seed = 3) {
        dense(16, activation = tanh)
        dense(3)
    }
    Model(net, crossEntropy).use { model ->
        val history = model.fit(blobs(300, seed = 1)) {
            optimizer = sgd(lr = 0.1, momentum = 0.9)
            batchSize = 32
            seed = 5
            this.epochs = epochs
            quiet()
        }
        val scores = model.evaluate(blobs(150, seed = 99), accuracy)
        return ClassifierResult(scores.getValue("accuracy"), scores.getValue("loss"), history.epochLosses)
    }
}

fun main() {
    val line = fitLine()
    println("line:       w = %.4f, b = %.4f (true 2, 1), loss %.5f after %d steps"
        .format(line.slope, line.intercept, line.finalLoss, line.steps))
    val bowl = descendBowl()
    println("bowl:       a = %.2e, b = %.2e, a² + b² = %.2e after %d steps"
        .format(bowl["a"].last(), bowl["b"].last(), bowl.losses.last(), bowl.steps))
    val clf = classifyBlobs()
    println("classifier: test accuracy %.4f, test loss %.4f, epoch loss %.4f -> %.4f"
        .format(clf.accuracy, clf.testLoss, clf.epochLosses.first(), clf.epochLosses.last()))
}

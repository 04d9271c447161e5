package dev.descent.kotlin

import dev.descent.compile.GraphCompiler
import dev.descent.graph.ModelGraph
import dev.descent.train.Trainer

// A history as Kotlin values

/** Every step's record, in order. */
public val History.steps: List<StepRecord> get() = steps()

/** Every epoch's record, in order. */
public val History.epochs: List<EpochRecord> get() = epochs()

/** Every step's loss (computed on its batch before its update), in order. */
public val History.losses: List<Double> get() = steps().map { it.loss() }

/** Every epoch's mean training loss, in order. */
public val History.epochLosses: List<Double> get() = epochs().map { it.meanLoss() }

/** Samples processed so far after each step (the source material's cost measure), in order. */
public val History.samplesProcessed: List<Long> get() = steps().map { it.totalSamples() }

/**
 * The last step's record: `history.last.loss`, `history.last.totalSamples`.
 *
 * @throws NoSuchElementException if no step ran
 */
public val History.last: StepRecord
    get() = steps().lastOrNull() ?: throw NoSuchElementException("The history has no steps: training ran no step")

/** One epoch metric per epoch, e.g. `history.metric("val_accuracy")`; NaN where an epoch lacks it. */
public fun History.metric(name: String): List<Double> = epochMetric(name).toList()

/** Why the last fit stopped, e.g. `"max epochs (30) reached"`; empty before any fit. */
public val History.stopReason: String get() = stopReason() ?: ""

/**
 * The recorded parameter values (train with `trajectoryStride = 1` or [minimize]), one map per
 * snapshot, from the initial values on; each parameter flattened in row-major order, by name in
 * alphabetical order.
 */
public val History.trajectory: List<Map<String, DoubleArray>>
    get() = trajectory().map { s ->
        s.params().toSortedMap().mapValues { (_, v) -> DoubleArray(v.size) { v[it].toDouble() } }
    }

// Objectives without data

/**
 * Minimises [objective], a scalar over parameters (no data), as [settings] say, and returns the
 * path: the parameters after every step (from their initial values on) and the losses.
 *
 * ```kotlin
 * val a = param("a", 1.0)
 * val b = param("b", -2.0)
 * val path = minimize(a * a + b * b) { optimizer = sgd(0.1); steps = 50 }
 * println(path["a"].last())      // 1.0 * 0.8^50
 * ```
 *
 * Each call starts from the parameters' declared initial values. An objective that reads inputs
 * (such as noise added to a gradient) takes them from [data], one batch per step.
 *
 * @throws IllegalArgumentException for a bad or missing setting, naming it and the fix
 */
public fun minimize(objective: Expr, data: Dataset? = null, settings: MinimizeScope.() -> Unit): Trajectory {
    val scope = MinimizeScope().apply(settings)
    val graph = ModelGraph.builder().loss(objective).build()
    return GraphCompiler.compile(graph).use { compiled ->
        require(data != null || compiled.inputNames().isEmpty()) {
            "The objective reads inputs ${compiled.inputNames()}: give them as data, e.g. " +
                "minimize(objective, data = dataset(\"${compiled.inputNames()[0]}\" to values)) { ... }"
        }
        val trainer = Trainer.create(compiled, scope.toBuilder(graph).build().plan())
        Trajectory(if (data == null) trainer.fit() else trainer.fit(data), compiled.parameterNames())
    }
}

/**
 * The path of a [minimize] run: the parameters at each recorded step (step 0 being the initial
 * values) and the loss of every step.
 */
public class Trajectory internal constructor(
    /** The whole record of the run. */
    public val history: History,
    /** The parameter names, in the order the objective declares them. */
    public val names: List<String>,
) {
    /** The steps taken. */
    public val steps: Int get() = history.steps().size

    /** Every step's loss (before its update), in order. */
    public val losses: List<Double> get() = history.losses

    /** The steps at which the parameters were recorded (0, 1, 2, ... with the default stride). */
    public val recordedSteps: List<Long> get() = history.trajectory().map { it.step() }

    /** The values of each scalar parameter along the path, by name: `path.points[0]` is the start. */
    public val points: List<Map<String, Double>>
        get() = history.trajectory().map { s -> names.associateWith { name -> scalar(name, s.params().getValue(name)) } }

    /**
     * The values of scalar parameter [name] along the path: `path["a"]`, with `path["a"].first()`
     * the initial value and `path["a"].last()` the final one.
     *
     * @throws IllegalArgumentException for an unknown name or a parameter of several values
     */
    public operator fun get(name: String): List<Double> = history.trajectory().map { s ->
        val v = s.params()[name] ?: throw IllegalArgumentException("No parameter '$name' in the trajectory; it has $names")
        scalar(name, v)
    }

    /** The values of parameter [name] along the path, each flattened: for parameters of several values. */
    public fun values(name: String): List<DoubleArray> = history.trajectory.map { s ->
        s[name] ?: throw IllegalArgumentException("No parameter '$name' in the trajectory; it has $names")
    }

    /** The path of two scalar parameters as a named line, for [SurfaceScope.trajectory] and [LineScope.series]. */
    public fun series(label: String, x: String, y: String): Series =
        Series(label, get(x).toDoubleArray(), get(y).toDoubleArray())

    /** `Trajectory(steps = 50, a: 1.0 -> 1.4272479E-5, b: -2.0 -> -2.8544959E-5)`: each parameter's first and last value. */
    override fun toString(): String = "Trajectory(steps = $steps" + names.joinToString("") { n ->
        val v = history.trajectory().map { it.params().getValue(n) }
        if (v.isEmpty()) "" else ", $n: ${show(v.first())} -> ${show(v.last())}"
    } + ")"

    private fun show(v: FloatArray): String = if (v.size == 1) v[0].toString() else v.contentToString()

    private fun scalar(name: String, v: FloatArray): Double {
        require(v.size == 1) {
            "Parameter '$name' has ${v.size} values, not one: read it with path.values(\"$name\")"
        }
        return v[0].toDouble()
    }
}

package dev.descent.kotlin

import org.nd4j.linalg.api.ndarray.INDArray
import java.nio.file.Path
import dev.descent.dsl.Model as JavaModel

/**
 * A trainable model: a prediction and a loss against the target `"y"`, compiled once. Train it with
 * [fit], read it with [get], [parameters], [predict] and [evaluate], keep it with [save]. It holds
 * native memory: [close] it, or use it in `use { }`.
 *
 * ```kotlin
 * val x = input("x", 1)
 * val w = param("w", 0.0)
 * val b = param("b", 0.0)
 * Model(x * w + b, mse).use { model ->
 *     model.fit("x" to xs, "y" to ys) { optimizer = sgd(0.1); epochs = 100 }
 *     println("w = ${model["w"]}, b = ${model["b"]}")
 * }
 * ```
 */
public class Model private constructor(
    /** The Java model this one wraps, for the Java API (`dev.descent.dsl.Model`). */
    public val java: JavaModel,
) : AutoCloseable {

    /** A network trained against target `"y"` with [loss]: `Model(net, crossEntropy)`. */
    public constructor(network: Sequential, loss: Loss) : this(JavaModel.of(network, loss))

    /** An expression model: [prediction] over inputs and parameters you declared, trained with [loss]. */
    public constructor(prediction: Expr, loss: Loss) : this(JavaModel.of(prediction, loss))

    /**
     * Full control: [prediction] and a [loss] expression you wrote yourself, whose inputs other than
     * the prediction's are the targets: `Model(pred, mean(square(pred - input("y", 1))))`.
     */
    public constructor(prediction: Expr, loss: Expr) : this(JavaModel.of(prediction, loss))

    /**
     * Trains on [data] as [settings] say and returns the history: per-step loss, learning rate,
     * samples processed and gradient norm, per-epoch loss and validation metrics.
     *
     * @throws IllegalArgumentException for a bad or missing setting, naming it and the fix
     * @throws dev.descent.DescentException for data the model cannot read (a missing array, a wrong shape)
     */
    public fun fit(data: Dataset, settings: TrainingScope.() -> Unit): History {
        checkInputs(data)
        val scope = TrainingScope().apply(settings)
        return java.fit(data, scope.toConfig(java.graph()))
    }

    /** Trains on arrays given as Kotlin values (see [dataset]): `model.fit("x" to xs, "y" to ys) { ... }`. */
    public fun fit(vararg data: Pair<String, Any>, settings: TrainingScope.() -> Unit): History =
        fit(dataset(*data), settings)

    /** The loss on [data] and the given [metrics], by name: `model.evaluate(test, accuracy)["accuracy"]`. */
    public fun evaluate(data: Dataset, vararg metrics: Metric): Map<String, Double> {
        checkInputs(data)
        return java.evaluate(data, *metrics).toMap()
    }

    /** The data holds every input the model reads, or the message says how to give it (in Kotlin). */
    private fun checkInputs(data: Dataset) {
        for (name in java.inputNames()) {
            require(name in data.arrays()) {
                "The data set has no array '$name' (it holds ${data.arrays().keys}); the model reads its input " +
                    "from '$name'. Fix: dataset(\"$name\" to inputs, \"y\" to targets)."
            }
        }
    }

    /** Predictions for a single-input model, one row per sample: `model.predict(arrayOf(doubleArrayOf(0.5, 1.0)))`. */
    public fun predict(rows: Array<DoubleArray>): Array<DoubleArray> = predict(toArray("x", rows)).toRows()

    /** Predictions for a single-input model of one feature, one value per sample (`x` is a column). */
    public fun predict(values: DoubleArray): DoubleArray {
        val rows = predict(toArray("x", values)).toRows()
        require(rows.all { it.size == 1 }) {
            "predict(DoubleArray) gives one value per sample, but this model predicts ${rows.firstOrNull()?.size} " +
                "per sample: use predict(Array<DoubleArray>)"
        }
        return DoubleArray(rows.size) { rows[it][0] }
    }

    /** Predictions for a single-input model, as ND4J computes them. */
    public fun predict(x: INDArray): INDArray = java.predict(x)

    /** Predictions for named inputs given as Kotlin values (see [dataset]), one row per sample. */
    public fun predict(vararg inputs: Pair<String, Any>): Array<DoubleArray> =
        java.predict(inputs.associate { (name, value) -> name to toArray(name, value) }).toRows()

    /** The class with the highest score for each sample of [data]'s `"x"`: a classifier's answers. */
    public fun classify(data: Dataset): IntArray = predict(data["x"]).toRows().map { scores ->
        scores.indices.maxBy { scores[it] }
    }.toIntArray()

    /**
     * The class names this model answers with: those of the data it was last trained on (a CSV's
     * string labels, in sorted order) or of the file it was loaded from; empty if it has none.
     */
    public val classLabels: List<String> get() = java.classLabels()

    /**
     * The predicted class name of each sample of [data]'s `"x"`: `model.predictLabels(test)` gives
     * `["setosa", "virginica", ...]`.
     *
     * @throws dev.descent.DescentException if the model has no [classLabels]
     */
    public fun predictLabels(data: Dataset): List<String> = java.predictLabels(data["x"])

    /** The predicted class name of each row: `model.predictLabels(arrayOf(doubleArrayOf(5.1, 3.5, 1.4, 0.2)))`. */
    public fun predictLabels(rows: Array<DoubleArray>): List<String> = java.predictLabels(toArray("x", rows))

    /**
     * The scalar parameter [name]: `model["w"]`. A parameter of more than one value is read with
     * [vector] or [matrix].
     *
     * @throws IllegalArgumentException for an unknown name or a parameter of more than one value
     */
    public operator fun get(name: String): Double {
        val p = parameter(name)
        require(p.length() == 1L) {
            "Parameter '$name' has shape ${p.shape().contentToString()} (${p.length()} values), not one value: " +
                "read it with model.vector(\"$name\") or model.matrix(\"$name\")"
        }
        return p.getDouble(0L)
    }

    /** Every value of parameter [name], flattened in row-major order. */
    public fun vector(name: String): DoubleArray = parameter(name).toFlat()

    /**
     * Parameter [name] as rows, e.g. a dense weight `[in, out]`.
     *
     * @throws IllegalArgumentException unless the parameter is a matrix (rank 2)
     */
    public fun matrix(name: String): Array<DoubleArray> {
        val p = parameter(name)
        require(p.rank() == 2) {
            "Parameter '$name' has shape ${p.shape().contentToString()}, not a matrix: read it with " +
                (if (p.length() == 1L) "model[\"$name\"]" else "model.vector(\"$name\")")
        }
        return p.toRows()
    }

    /** Every parameter's values by name, in the model's order, each flattened in row-major order. */
    public val parameters: Map<String, DoubleArray>
        get() = java.parameters().mapValues { (_, v) -> v.toFlat() }

    /** The running statistics of batch-norm layers by name (`layer1.running_mean`...), flattened; empty without batch norm. */
    public val buffers: Map<String, DoubleArray>
        get() = java.buffers().mapValues { (_, v) -> v.toFlat() }

    /** Every parameter's shape by name. */
    public val shapes: Map<String, List<Int>>
        get() = java.parameters().mapValues { (_, v) -> v.shape().map { it.toInt() } }

    /** The inputs the prediction reads (`["x"]` for a network). */
    public val inputNames: List<String> get() = java.inputNames()

    /** The parameters with their shapes and the total count, one per line. */
    public val summary: String get() = java.summary()

    /** Saves the architecture and the trained parameters atomically (`./descent inspect` reads the file). */
    public fun save(file: Path) {
        java.save(file)
    }

    /** [save] to the file at [path]. */
    public fun save(path: String) {
        save(Path.of(path))
    }

    /**
     * Writes the parameters as PyTorch's `state_dict` of the equivalent `nn.Sequential` to a
     * safetensors file: torch's names (`0.weight`, `0.bias`, `2.weight`...), dense weights as
     * `[out, in]`, float32 (see the Java `Model.saveSafetensors`).
     */
    public fun saveSafetensors(file: Path) {
        java.saveSafetensors(file)
    }

    /** [saveSafetensors] to the file at [path]. */
    public fun saveSafetensors(path: String) {
        saveSafetensors(Path.of(path))
    }

    /**
     * Replaces the parameters with a PyTorch `state_dict` saved as safetensors, strictly as torch's
     * `load_state_dict` (every name there with torch's shape, nothing else).
     */
    public fun loadSafetensors(file: Path) {
        java.loadSafetensors(file)
    }

    /** [loadSafetensors] from the file at [path]. */
    public fun loadSafetensors(path: String) {
        loadSafetensors(Path.of(path))
    }

    /** Releases the native memory of the compiled graph. */
    override fun close() {
        java.close()
    }

    private fun parameter(name: String): INDArray = java.parameters()[name]
        ?: throw IllegalArgumentException("No parameter '$name': the model has ${java.parameters().keys}")

    /** Loading saved models. */
    public companion object {
        /** A model saved by [save]: it predicts, evaluates and trains further. */
        public fun load(file: Path): Model = Model(JavaModel.load(file))

        /** [load] from the file at [path]. */
        public fun load(path: String): Model = load(Path.of(path))

        /** Wraps a Java model (`dev.descent.dsl.Model`) for the Kotlin API; closing either closes both. */
        public fun of(model: JavaModel): Model = Model(model)
    }
}

/** The values in row-major order, as doubles. */
internal fun INDArray.toFlat(): DoubleArray = if (length() == 0L) DoubleArray(0) else dup('c').reshape(length()).toDoubleVector()

/** A rank-2 array (or a rank-1 column) as rows. */
internal fun INDArray.toRows(): Array<DoubleArray> = when (rank()) {
    0 -> arrayOf(doubleArrayOf(getDouble(0L)))
    1 -> Array(length().toInt()) { doubleArrayOf(getDouble(it.toLong())) }
    else -> {
        val rows = size(0).toInt()
        val flat = toFlat()
        val width = if (rows == 0) 0 else flat.size / rows
        Array(rows) { i -> flat.copyOfRange(i * width, (i + 1) * width) }
    }
}

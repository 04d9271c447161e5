package dev.descent.kotlin

import dev.descent.dsl.TrainingConfig
import dev.descent.graph.ModelGraph
import dev.descent.store.Checkpoint
import java.nio.file.Path

/**
 * Every setting of a training run, as properties and functions of a block: the same settings as
 * Java's `TrainingPlan.Settings`, checked by the same code with the same messages when training
 * starts. Used by [Model.fit] (through [TrainingScope]) and [minimize] (through [MinimizeScope]).
 *
 * ```kotlin
 * optimizer = sgd(lr = 0.05, momentum = 0.9)
 * batchSize = 32            // or fullBatch() (GD, the default) / singleSample() (SGD)
 * seed = 7
 * epochs = 30               // or steps = 1000; more with stopWhen(lossBelow(1e-4))
 * schedule = cosineLr(tMax = 30)
 * clipNorm = 1.0
 * onEpoch { println("epoch ${it.epoch}: ${it.meanLoss}") }
 * ```
 */
@DescentDsl
public sealed class TrainingSettings {
    private enum class Batching { FULL, SINGLE, MINI }

    private var batching: Batching? = null
    private var miniBatchSize = 0
    private var shuffleSetting: Boolean? = null
    private var dropLastSetting: Boolean? = null
    private var withReplacementSetting: Boolean? = null
    private val stopRules = mutableListOf<StopRule>()
    private val stepListeners = mutableListOf<(StepRecord) -> Unit>()
    private val epochListeners = mutableListOf<(EpochRecord) -> Unit>()
    private val stepEndListeners = mutableListOf<(TrainingStatus) -> Unit>()
    private val groups = mutableListOf<Pair<List<String>, Map<String, Any>>>()
    private var checkpoint: Pair<Int, Path>? = null

    /** The optimizer, required: `optimizer = sgd(lr = 0.1, momentum = 0.9)`. */
    public var optimizer: OptimizerSpec? = null

    /** Passes over the data to train for (0: not given); give [epochs] or [steps], not both. */
    public var epochs: Int = 0

    /** Optimizer steps to train for (0: not given); give [epochs] or [steps], not both. */
    public var steps: Int = 0

    /**
     * Mini-batch gradient descent with batches of this size, from a fresh seeded permutation every
     * epoch (0 when the batching is not mini-batch); the same as [miniBatch].
     */
    public var batchSize: Int
        get() = if (batching == Batching.MINI) miniBatchSize else 0
        set(value) = miniBatch(value)

    /** The seed of the batching and (in [Model.fit]) of the validation split and dropout; every seed is reproducible. */
    public var seed: Long = 0

    /** Mini-batches only: shuffle each epoch (default true). */
    public var shuffle: Boolean
        get() = shuffleSetting ?: true
        set(value) {
            shuffleSetting = value
        }

    /** Mini-batches only: drop the last short batch of each epoch (default false). */
    public var dropLast: Boolean
        get() = dropLastSetting ?: false
        set(value) {
            dropLastSetting = value
        }

    /** Mini-batches only: draw each batch with replacement (default false). */
    public var withReplacement: Boolean
        get() = withReplacementSetting ?: false
        set(value) {
            withReplacementSetting = value
        }

    /** A learning-rate schedule (none: a constant rate): `schedule = cosineLr(tMax = 50)`. */
    public var schedule: LrSchedule? = null

    /** Clip gradients to this global 2-norm (torch's `clip_grad_norm_`); NaN: no clipping. */
    public var clipNorm: Double = Double.NaN

    /** Clamp every gradient value to [-clipValue, clipValue] (torch's `clip_grad_value_`); NaN: no clipping. */
    public var clipValue: Double = Double.NaN

    /** What a NaN or infinite loss or gradient does: `FAIL` (default: an exception at that step), `STOP` or `SKIP`. */
    public var nonFinite: NonFinitePolicy = NonFinitePolicy.FAIL

    /** Record the parameters into the history every this many steps (0: off). */
    public open var trajectoryStride: Int = 0

    /** Gradient descent: every step sees all the samples (the default). */
    public fun fullBatch() {
        batching = Batching.FULL
    }

    /** Stochastic gradient descent: every step one sample, drawn at random with replacement. */
    public fun singleSample() {
        batching = Batching.SINGLE
    }

    /** Mini-batch gradient descent with batches of [size]: `miniBatch(32)`, the same as `batchSize = 32`. */
    public fun miniBatch(size: Int) {
        batching = Batching.MINI
        miniBatchSize = size
    }

    /** A stop rule, checked after every step; training also stops after the [epochs] or [steps] given. */
    public fun stopWhen(rule: StopRule) {
        stopRules += rule
    }

    /** Called after every step's update: `onStep { println(it.loss) }`. */
    public fun onStep(listener: (StepRecord) -> Unit) {
        stepListeners += listener
    }

    /** Called after every epoch, validation metrics included: `onEpoch { println(it.meanLoss) }`. */
    public fun onEpoch(listener: (EpochRecord) -> Unit) {
        epochListeners += listener
    }

    /** Called once a step is complete, epoch bookkeeping included: a consistent state to report or save. */
    public fun onStepEnd(listener: (TrainingStatus) -> Unit) {
        stepEndListeners += listener
    }

    /**
     * A parameter group with its own hyper-parameters, torch's keyword names:
     * `group(listOf("layer0.bias"), "lr" to 0.1, "weight_decay" to 0.0)`.
     */
    public fun group(parameters: List<String>, vararg overrides: Pair<String, Any>) {
        groups += parameters to linkedMapOf(*overrides)
    }

    /** Writes a checkpoint to [file] every [steps] steps and when training returns (`./descent inspect` reads it). */
    public fun checkpointEvery(steps: Int, file: Path) {
        checkpoint = steps to file
    }

    /** [checkpointEvery] with the file's path as a string. */
    public fun checkpointEvery(steps: Int, file: String) {
        checkpointEvery(steps, Path.of(file))
    }

    /** The Java configuration of these settings, checked with Kotlin messages first where Java's would name Java calls. */
    internal fun toBuilder(graph: ModelGraph): TrainingConfig.Builder {
        val spec = requireNotNull(optimizer) { "The training block sets no optimizer. Fix: optimizer = sgd(lr = 0.01)" }
        require(!(epochs > 0 && steps > 0)) {
            "Both epochs = $epochs and steps = $steps are set: give the training length one way. " +
                "Fix: remove one of them, or add the other as stopWhen(maxSteps($steps))."
        }
        require(epochs != 0 || steps != 0 || stopRules.isNotEmpty()) {
            "The training block sets neither epochs nor steps, so it would never stop. " +
                "Fix: epochs = 10, steps = 100 or stopWhen(lossBelow(1e-4))"
        }
        val b = TrainingConfig.builder().optimizer(spec).seed(seed).nonFinite(nonFinite).trajectoryStride(trajectoryStride)
        if (epochs != 0) b.epochs(epochs.toLong())
        if (steps != 0) b.steps(steps.toLong())
        when (batching) {
            Batching.FULL -> b.fullBatch()
            Batching.SINGLE -> b.singleSample()
            Batching.MINI -> b.miniBatch(miniBatchSize)
            null -> Unit
        }
        shuffleSetting?.let { b.shuffle(it) }
        dropLastSetting?.let { b.dropLast(it) }
        withReplacementSetting?.let { b.withReplacement(it) }
        stopRules.forEach { b.stopWhen(it) }
        schedule?.let { b.schedule(it) }
        if (!clipNorm.isNaN()) b.clipNorm(clipNorm)
        if (!clipValue.isNaN()) b.clipValue(clipValue)
        stepListeners.forEach { l -> b.onStep { l(it) } }
        epochListeners.forEach { l -> b.onEpoch { l(it) } }
        stepEndListeners.forEach { l -> b.onStepEnd { l(it) } }
        groups.forEach { (params, overrides) -> b.group(params, overrides) }
        checkpoint?.let { (every, file) -> b.checkpointEvery(every, Checkpoint.writer(file, graph)) }
        return b
    }
}

/**
 * How [Model.fit] trains: every [TrainingSettings] setting, plus validation, metrics and progress.
 *
 * ```kotlin
 * model.fit(train) {
 *     optimizer = sgd(lr = 0.05, momentum = 0.9, nesterov = true)
 *     batchSize = 32
 *     epochs = 30
 *     validationSplit = 0.2
 *     metrics(accuracy)
 * }
 * ```
 */
public class TrainingScope internal constructor() : TrainingSettings() {
    private val metricList = mutableListOf<Metric>()
    private var resume: Pair<Path, Boolean>? = null
    private var startAfresh = false

    /**
     * Stops when a per-epoch value stops improving, as Keras's `EarlyStopping`:
     * `earlyStopping = earlyStopping("val_loss").patience(5).minDelta(1e-4).restoreBest()`.
     */
    public var earlyStopping: EarlyStopping? = null

    /** Restores the run saved in [checkpoint] first; training then goes to the planned length, bit-identical to an uninterrupted run. */
    public fun resumeFrom(checkpoint: Path) {
        resume = checkpoint to false
    }

    /** [resumeFrom], but a missing file starts afresh (a restartable job's first start). */
    public fun resumeIfPresent(checkpoint: Path) {
        resume = checkpoint to true
    }

    /** Starts afresh instead of continuing the model's previous `fit` (new optimizer state, sampler, counters). */
    public fun reset() {
        startAfresh = true
    }

    /** A separate validation set, evaluated after every epoch into the history (`val_loss`, `val_accuracy`...). */
    public var validation: Dataset? = null

    /** Hold out this fraction of the data (seeded by [seed]) for validation; 0: none. */
    public var validationSplit: Double = 0.0

    /** How training shows progress on stderr: `Progress.AUTO` (a bar on a terminal, lines elsewhere), `LINES`, `QUIET`. */
    public var progress: Progress = Progress.AUTO

    /** Metrics computed on the validation data after every epoch, recorded as `val_<name>`: `metrics(accuracy)`. */
    public fun metrics(vararg metrics: Metric) {
        metricList += metrics
    }

    /** No progress output, the same as `progress = Progress.QUIET`. */
    public fun quiet() {
        progress = Progress.QUIET
    }

    internal fun toConfig(graph: ModelGraph): TrainingConfig {
        val b = toBuilder(graph).validationSplit(validationSplit).progress(progress).metrics(*metricList.toTypedArray())
        validation?.let { b.validation(it) }
        earlyStopping?.let { b.earlyStopping(it) }
        resume?.let { (file, ifPresent) -> if (ifPresent) b.resumeIfPresent(file) else b.resumeFrom(file) }
        if (startAfresh) b.reset()
        return b.build()
    }
}

/**
 * How [minimize] runs: every [TrainingSettings] setting; the parameters are recorded after every
 * step unless [trajectoryStride] says otherwise.
 */
public class MinimizeScope internal constructor() : TrainingSettings() {
    /** Record the parameters every this many steps (default 1: the whole trajectory; 0: off). */
    override var trajectoryStride: Int = 1
}

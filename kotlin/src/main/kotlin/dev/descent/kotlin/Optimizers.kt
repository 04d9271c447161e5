package dev.descent.kotlin

import dev.descent.dsl.Descent
import dev.descent.schedule.LrSchedules

// Optimizers: optimizer = sgd(lr = 0.05, momentum = 0.9, nesterov = true)

/**
 * torch's `optim.SGD`, with its names, defaults and update rule (momentum without dampening on the
 * first step, Nesterov, coupled weight decay, maximize). Validated with torch's rules and wording
 * when training starts, e.g. `Invalid learning rate: -0.1`.
 */
public fun sgd(
    lr: Double,
    momentum: Double = 0.0,
    dampening: Double = 0.0,
    weightDecay: Double = 0.0,
    nesterov: Boolean = false,
    maximize: Boolean = false,
): OptimizerSpec {
    val spec = Descent.sgd(lr).momentum(momentum).dampening(dampening).weightDecay(weightDecay).nesterov(nesterov)
    return if (maximize) spec.maximize() else spec
}

/** torch's `optim.Adam`, torch-exact (`dev.descent.optim.Adam`; its Javadoc says where ND4J and Keras differ). */
public fun adam(
    lr: Double = 1e-3,
    beta1: Double = 0.9,
    beta2: Double = 0.999,
    eps: Double = 1e-8,
    weightDecay: Double = 0.0,
    amsgrad: Boolean = false,
    maximize: Boolean = false,
): OptimizerSpec = adamFamily("adam", lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)

/** torch's `optim.AdamW`: Adam with decoupled weight decay (default 0.01). */
public fun adamw(
    lr: Double = 1e-3,
    beta1: Double = 0.9,
    beta2: Double = 0.999,
    eps: Double = 1e-8,
    weightDecay: Double = 1e-2,
    amsgrad: Boolean = false,
    maximize: Boolean = false,
): OptimizerSpec = adamFamily("adamw", lr, beta1, beta2, eps, weightDecay, amsgrad, maximize)

private fun adamFamily(
    name: String, lr: Double, beta1: Double, beta2: Double, eps: Double, weightDecay: Double, amsgrad: Boolean,
    maximize: Boolean,
): OptimizerSpec = optimizer(name, "lr" to lr, "beta1" to beta1, "beta2" to beta2, "eps" to eps,
    "weight_decay" to weightDecay, "amsgrad" to amsgrad, "maximize" to maximize)

/** torch's `optim.RMSprop`, torch-exact, with its momentum and centered forms. */
public fun rmsprop(
    lr: Double = 1e-2,
    alpha: Double = 0.99,
    eps: Double = 1e-8,
    weightDecay: Double = 0.0,
    momentum: Double = 0.0,
    centered: Boolean = false,
    maximize: Boolean = false,
): OptimizerSpec = optimizer("rmsprop", "lr" to lr, "alpha" to alpha, "eps" to eps, "weight_decay" to weightDecay,
    "momentum" to momentum, "centered" to centered, "maximize" to maximize)

/** torch's `optim.Adagrad` (without lr decay: use a [schedule][TrainingSettings.schedule]). */
public fun adagrad(
    lr: Double = 1e-2,
    eps: Double = 1e-10,
    weightDecay: Double = 0.0,
    initialAccumulatorValue: Double = 0.0,
    maximize: Boolean = false,
): OptimizerSpec = optimizer("adagrad", "lr" to lr, "eps" to eps, "weight_decay" to weightDecay,
    "initial_accumulator_value" to initialAccumulatorValue, "maximize" to maximize)

/** torch's `optim.Adadelta` (its default `lr` is 1.0: the rule scales its own steps). */
public fun adadelta(
    lr: Double = 1.0,
    rho: Double = 0.9,
    eps: Double = 1e-6,
    weightDecay: Double = 0.0,
    maximize: Boolean = false,
): OptimizerSpec = optimizer("adadelta", "lr" to lr, "rho" to rho, "eps" to eps, "weight_decay" to weightDecay,
    "maximize" to maximize)

/**
 * Any registered update rule (built in, or plugged in through `ServiceLoader`) by name, with torch's
 * keyword names: `optimizer("rmsprop", "lr" to 0.01, "alpha" to 0.9)`. Unknown names and keywords
 * fail when training starts, listing what there is.
 */
public fun optimizer(name: String, vararg hyperParameters: Pair<String, Any>): OptimizerSpec =
    Descent.rule(name, linkedMapOf(*hyperParameters))

// Learning-rate schedules, torch's closed forms: schedule = cosineLr(tMax = 50)

/** torch's `StepLR`: the rate times [gamma] every [stepSize] epochs (or steps). */
public fun stepLr(stepSize: Int, gamma: Double = 0.1, unit: ScheduleUnit = ScheduleUnit.EPOCH): LrSchedule =
    LrSchedules.step(stepSize.toLong(), gamma, unit)

/** torch's `MultiStepLR`: the rate times [gamma] at each of the [milestones]. */
public fun multiStepLr(milestones: List<Int>, gamma: Double = 0.1, unit: ScheduleUnit = ScheduleUnit.EPOCH): LrSchedule =
    LrSchedules.multiStep(milestones.map { it.toLong() }, gamma, unit)

/** torch's `ExponentialLR`: the rate times [gamma] every epoch (or step). */
public fun exponentialLr(gamma: Double, unit: ScheduleUnit = ScheduleUnit.EPOCH): LrSchedule =
    LrSchedules.exponential(gamma, unit)

/** torch's `CosineAnnealingLR`: from the base rate down to [etaMin] over [tMax] epochs (or steps). */
public fun cosineLr(tMax: Int, etaMin: Double = 0.0, unit: ScheduleUnit = ScheduleUnit.EPOCH): LrSchedule =
    LrSchedules.cosine(tMax.toLong(), etaMin, unit)

/** torch's `CosineAnnealingWarmRestarts(T_0, T_mult, eta_min)`. */
public fun cosineWarmRestarts(t0: Int, tMult: Int = 1, etaMin: Double = 0.0, unit: ScheduleUnit = ScheduleUnit.EPOCH): LrSchedule =
    LrSchedules.cosineWarmRestarts(t0.toLong(), tMult, etaMin, unit)

/**
 * torch's `LinearLR` warm-up from [startFactor] × the rate up to the rate over [steps] (counted in
 * [then]'s unit), then [then], its counter starting when the warm-up ends.
 */
public fun linearWarmup(steps: Int, startFactor: Double = 0.1, then: LrSchedule = LrSchedules.constant()): LrSchedule =
    LrSchedules.linearWarmup(steps.toLong(), startFactor, then)

// Stop rules: stopWhen(lossBelow(1e-6) or plateau(patience = 5))

/** Stops once a step's loss is at or below [target]. */
public fun lossBelow(target: Double): StopRule = StopRule.lossBelow(target)

/**
 * Early stopping on [monitor] (`"val_loss"`, `"val_accuracy"`, `"loss"`), as Keras's callback, with
 * [patience] epochs, [minDelta], a [mode] and restore-best:
 * `earlyStopping = earlyStopping("val_loss", patience = 5, restoreBest = true)`.
 */
public fun earlyStopping(
    monitor: String,
    patience: Int = 0,
    minDelta: Double = 0.0,
    mode: dev.descent.train.EarlyStopping.Mode = dev.descent.train.EarlyStopping.Mode.AUTO,
    restoreBest: Boolean = false,
): EarlyStopping = EarlyStopping(monitor, patience, minDelta, mode, restoreBest)

/** Stops when the loss has not improved by [minDelta] for [patience] epochs. */
public fun plateau(patience: Int, minDelta: Double = 0.0): StopRule = StopRule.plateau(patience, minDelta)

/** Stops when the parameters barely move: ‖Δθ‖ < [tolerance] · max(‖θ‖, 1) (Spark MLlib's rule). */
public fun paramTolerance(tolerance: Double): StopRule = StopRule.paramTolerance(tolerance)

/** Stops after [n] steps. */
public fun maxSteps(n: Int): StopRule = StopRule.maxSteps(n.toLong())

/** Stops after [n] epochs. */
public fun maxEpochs(n: Int): StopRule = StopRule.maxEpochs(n.toLong())

/** Stops when either rule does: `lossBelow(1e-6) or maxSteps(1000)`. */
public infix fun StopRule.or(other: StopRule): StopRule = or(other)

package dev.descent.kotlin

import dev.descent.dsl.metric.Metric as JavaMetric

// Losses, torch's names and defaults: Model(net, crossEntropy)

/** torch's `MSELoss`: (pred - target)², mean over every element. */
public val mse: Loss = Loss.mse()

/** torch's `L1Loss`: |pred - target|, mean. */
public val l1: Loss = Loss.l1()

/** torch's `HuberLoss(delta = 1.0)`, mean. */
public val huber: Loss = Loss.huber()

/** torch's `SmoothL1Loss(beta = 1.0)`, mean. */
public val smoothL1: Loss = Loss.smoothL1()

/** torch's `CrossEntropyLoss`: logits `[batch, classes]` against class indices `[batch]`, mean. */
public val crossEntropy: Loss = Loss.crossEntropy()

/** torch's `NLLLoss`: log-probabilities against class indices, mean. */
public val nll: Loss = Loss.nll()

/** torch's `BCEWithLogitsLoss`: logits against targets in [0, 1], mean. */
public val bceWithLogits: Loss = Loss.bceWithLogits()

/** torch's `BCELoss`: probabilities in (0, 1) against targets in [0, 1], mean. */
public val bce: Loss = Loss.bce()

/** `MSELoss(reduction = ...)`: `mse(Reduction.SUM)`. */
public fun mse(reduction: Reduction): Loss = Loss.mse(reduction)

/** `L1Loss(reduction = ...)`. */
public fun l1(reduction: Reduction): Loss = Loss.l1(reduction)

/** `HuberLoss(delta, reduction)`. */
public fun huber(delta: Double, reduction: Reduction = Reduction.MEAN): Loss = Loss.huber(delta, reduction)

/** `SmoothL1Loss(beta, reduction)`. */
public fun smoothL1(beta: Double, reduction: Reduction = Reduction.MEAN): Loss = Loss.smoothL1(beta, reduction)

/** `CrossEntropyLoss(label_smoothing, reduction)`: `crossEntropy(labelSmoothing = 0.1)`. */
public fun crossEntropy(labelSmoothing: Double = 0.0, reduction: Reduction = Reduction.MEAN): Loss =
    Loss.crossEntropy(labelSmoothing, reduction)

/** `NLLLoss(reduction)`. */
public fun nll(reduction: Reduction): Loss = Loss.nll(reduction)

/** `BCEWithLogitsLoss(reduction)`. */
public fun bceWithLogits(reduction: Reduction): Loss = Loss.bceWithLogits(reduction)

/** `BCELoss(reduction)`. */
public fun bce(reduction: Reduction): Loss = Loss.bce(reduction)

// Metrics: metrics(accuracy), model.evaluate(test, accuracy)

/** The fraction of samples whose highest-scoring class is the target class. */
public val accuracy: Metric = JavaMetric.accuracy()

/** Mean absolute error. */
public val mae: Metric = JavaMetric.mae()

/** Root mean squared error. */
public val rmse: Metric = JavaMetric.rmse()

/** Coefficient of determination, 1 - SS_res / SS_tot. */
public val r2: Metric = JavaMetric.r2()

/** The fraction of samples whose target class is among the [k] highest scores. */
public fun topK(k: Int): Metric = JavaMetric.topK(k)

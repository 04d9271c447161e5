package dev.descent.kotlin

/** A node of a model's computation (`dev.descent.graph.Expr`); Kotlin operators apply: `x * w + b`. */
public typealias Expr = dev.descent.graph.Expr

/** Named arrays sharing their first axis (`dev.descent.data.Dataset`); make one with [dataset]. */
public typealias Dataset = dev.descent.data.Dataset

/** A data set split in two (`dev.descent.data.Split`): `val (train, test) = data.split(0.8, seed = 1)`. */
public typealias Split = dev.descent.data.Split

/** The record of a training run (`dev.descent.train.History`); see [losses], [last], [epochLosses]. */
public typealias History = dev.descent.train.History

/** What one training step did: `step`, `epoch`, `loss`, `lr`, `samples`, `totalSamples`, `gradNorm`, `skipped`. */
public typealias StepRecord = dev.descent.train.StepRecord

/** What one epoch did: `epoch`, `steps`, `meanLoss` and the validation `metrics`. */
public typealias EpochRecord = dev.descent.train.EpochRecord

/** What stop rules and [TrainingSettings.onStepEnd] see after a step: counters, the last step and epoch. */
public typealias TrainingStatus = dev.descent.train.TrainingStatus

/** When training stops; made by [lossBelow], [plateau], [paramTolerance], [maxSteps], [maxEpochs]. */
public typealias StopRule = dev.descent.train.StopRule

/** Early stopping on a per-epoch value (Keras's rule), made by [earlyStopping]. */
public typealias EarlyStopping = dev.descent.train.EarlyStopping

/** What a NaN or infinite loss or gradient does: `FAIL` (default), `STOP` or `SKIP`. */
public typealias NonFinitePolicy = dev.descent.train.NonFinitePolicy

/** How training shows progress on stderr: `AUTO` (default), `LINES` or `QUIET`. */
public typealias Progress = dev.descent.dsl.Progress

/** A declared optimizer, made by [sgd], [adam], [adamw], [rmsprop], [adagrad] or [optimizer]. */
public typealias OptimizerSpec = dev.descent.dsl.OptimizerSpec

/** A learning-rate schedule, made by [stepLr], [multiStepLr], [exponentialLr], [cosineLr], [linearWarmup]. */
public typealias LrSchedule = dev.descent.schedule.LrSchedule

/** Whether a schedule counts steps or epochs: `ScheduleUnit.STEP` or `ScheduleUnit.EPOCH`. */
public typealias ScheduleUnit = dev.descent.schedule.LrSchedule.Unit

/** A stack of layers, made by [sequential]. */
public typealias Sequential = dev.descent.dsl.nn.Sequential

/** An elementwise function for layers: [relu], [tanh], [sigmoid], [gelu]... or your own with [activation]. */
public typealias Activation = dev.descent.dsl.nn.Activation

/** How a layer's parameters start: `Init.torchDefault()`, `Init.xavierUniform()`, `Init.heNormal()`, `Init.zeros()`... */
public typealias Init = dev.descent.dsl.nn.Init

/** A loss of a prediction against a target: [mse], [crossEntropy], [l1], [huber]... */
public typealias Loss = dev.descent.dsl.loss.Loss

/** How a loss reduces over elements: `Reduction.MEAN` (default), `SUM` or `NONE`. */
public typealias Reduction = dev.descent.dsl.loss.Reduction

/** A score of predictions against targets: [accuracy], [topK], [mae], [rmse], [r2]. */
public typealias Metric = dev.descent.dsl.metric.Metric

/** How CSV labels become `"y"`: `REGRESSION` (default), `CLASS_INDEX` or `ONE_HOT` (see [readCsv]). */
public typealias LabelEncoding = dev.descent.data.Csv.LabelEncoding

/** What a CSV read does with a missing value ([readCsv]'s `missing`): `ERROR`, `DROP_ROW` or `FILL_MEAN`. */
public typealias Missing = dev.descent.data.Missing

/** A chart that saves itself as PNG or SVG; made by [linePlot] and [surfacePlot]. */
public typealias Chart = dev.descent.dsl.plot.Chart

/** A named line of x and y values, for [linePlot] and as a path on [surfacePlot]. */
public typealias Series = dev.descent.dsl.chart.Series

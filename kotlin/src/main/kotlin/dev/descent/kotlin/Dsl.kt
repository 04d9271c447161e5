/**
 * Descent for Kotlin: type-safe builders, operators, training blocks with properties, and Kotlin
 * values in and out, over the Java DSL (`descent-dsl`). One import gives all of it:
 *
 * ```kotlin
 * import dev.descent.kotlin.*
 *
 * val net = sequential(input = 64) { dense(32, activation = relu); dropout(0.1); dense(10) }
 * Model(net, crossEntropy).use { model ->
 *     val history = model.fit(train) {
 *         optimizer = sgd(lr = 0.05, momentum = 0.9, nesterov = true)
 *         batchSize = 32
 *         epochs = 30
 *         validationSplit = 0.2
 *         metrics(accuracy)
 *     }
 *     println(history.last.loss)
 * }
 * ```
 */
package dev.descent.kotlin

/**
 * Marks Descent's builder scopes ([SequentialScope], [TrainingScope], [MinimizeScope], the plot
 * scopes): inside a block only that block's own members are in reach without a qualifier, so a
 * `dense(...)` cannot land in an outer block by accident.
 */
@DslMarker
@Target(AnnotationTarget.CLASS, AnnotationTarget.TYPE)
public annotation class DescentDsl

/**
 * Loss functions with torch's names, options and reductions ({@link dev.descent.dsl.loss.Reduction}):
 * each {@link dev.descent.dsl.loss.Loss} turns a prediction and a target expression into the
 * loss expression, reproducing torch's value and gradient.
 *
 * <pre>{@code
 * Expr loss = Loss.crossEntropy().apply(logits, Ops.indexInput("y", Shape.ANY));
 * }</pre>
 */
@NullMarked
package dev.descent.dsl.loss;

import org.jspecify.annotations.NullMarked;

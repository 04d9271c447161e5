/**
 * The training loop: runs steps and epochs over a {@link dev.descent.compile.CompiledModel}, draws
 * each step's samples from a {@link dev.descent.data.Batching} (GD, SGD or mini-batch), applies an
 * {@link dev.descent.optim.Optimizer}, calls listeners and records a {@link dev.descent.train.History}.
 * Stop rules, early stopping ({@link dev.descent.train.EarlyStopping}), the non-finite policy and
 * the history's CSV and JSON files live here too.
 */
@NullMarked
package dev.descent.train;

import org.jspecify.annotations.NullMarked;

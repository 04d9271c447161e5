/**
 * Metrics computed on predictions and targets outside the training graph: accuracy, top-k
 * accuracy, MAE, RMSE and R². Used by {@code Model.evaluate} and per-epoch validation.
 */
@NullMarked
package dev.descent.dsl.metric;

import org.jspecify.annotations.NullMarked;

package dev.descent.train;

import java.util.Map;

/** Computes extra per-epoch metrics (validation loss, accuracy...) for the history. */
@FunctionalInterface
public interface EpochEvaluator {
    Map<String, Double> evaluate(long epoch);
}

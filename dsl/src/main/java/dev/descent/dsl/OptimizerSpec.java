package dev.descent.dsl;

import dev.descent.optim.UpdateRule;

/**
 * A declared optimizer, turned into a validated {@link UpdateRule} when the training configuration
 * is built (so the order of fluent calls never matters).
 */
@FunctionalInterface
public interface OptimizerSpec {
    /** The validated update rule: {@code Descent.sgd(0.1).momentum(0.9).build()}. */
    UpdateRule build();
}

package dev.descent.spark;

/**
 * How the model's loss combines its samples, which decides how partition results are combined into
 * the step's loss and gradient. Either way the result equals what local training computes for the
 * whole batch with the same graph.
 *
 * <pre>{@code
 * SparkTrainer.builder(graph, samples).lossReduction(LossReduction.SUM)   // graph built with Reduction.SUM
 * }</pre>
 */
public enum LossReduction {
    /**
     * The loss is a mean over the batch's samples, plus optionally terms that do not depend on the
     * batch (a weight penalty), e.g. any loss built with {@code Reduction.MEAN}. Each partition's
     * loss and gradient are weighted by its sample count and the driver divides the sums by the
     * step's sample count: {@code Σ n_p·mean_p / B = mean}. The default.
     */
    MEAN,
    /**
     * The loss is a sum over the batch's samples ({@code Reduction.SUM}); partition results are
     * added as they are. Batch-independent terms would be counted once per partition: keep them out
     * of a SUM loss.
     */
    SUM
}

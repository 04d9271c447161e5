package dev.descent.dsl.loss;

/** How per-element (or per-sample) losses are combined, as torch's {@code reduction=} argument. */
public enum Reduction {
    /** The average: over every element for elementwise losses, over the batch for class losses. */
    MEAN,
    /** The total. */
    SUM,
    /** No reduction: the unreduced loss, of the prediction's shape ([batch] for class losses). */
    NONE
}

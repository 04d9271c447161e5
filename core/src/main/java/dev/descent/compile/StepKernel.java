package dev.descent.compile;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A faster way to run one op of a {@link LeanPlan} on the arrays bound to it: same inputs, same
 * outputs, same values (up to the rounding of a different summation order where noted). Chosen
 * per plan by {@link StepKernels#bind}, after the op's output arrays exist, so the choice can
 * depend on shapes and memory layout; ops without one run through the native executioner.
 */
interface StepKernel {
    /** Computes the outputs from the inputs bound at creation (or since rebound by {@link #rebind}). */
    void run();

    /**
     * Replaces input {@code index} (an input batch fed anew each step; same shape and layout as
     * the array the kernel was bound with).
     */
    void rebind(int index, INDArray array);

    /** Releases native resources the kernel holds (not the arrays it was bound to). */
    default void close() {
    }
}

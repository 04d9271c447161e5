package dev.descent.compile;

/**
 * A run of an {@link OpOrder}'s ops that kernels of ours compute instead: one kernel per
 * anchor runs in place of the op there (a forward part and a backward part may be separate
 * anchors), and the ops in {@code removed} are then skipped. Nothing outside the run reads the
 * slots only the run's ops write, so skipping them changes nothing but time. Whether a plan uses
 * it is decided when the plan binds arrays: the kernels may refuse them, and then every op of the
 * run executes as it is (never only part of it: the parts share state the skipped ops would
 * otherwise have computed).
 *
 * @param anchors indices of the steps the kernels replace, in execution order (each kernel's inputs
 *                are ready by then)
 * @param removed indices of the other steps the kernels make redundant
 * @param inputs  slots the kernels read
 * @param outputs slots the kernels write (each also written by one of the replaced ops)
 * @param kind    which kernels
 */
record Fusion(int[] anchors, int[] removed, int[] inputs, int[] outputs, Kind kind) {
    /** The fused computations there are. */
    enum Kind {
        /** {@code mean((p - y)²)} and its gradient with respect to p: see {@link SquaredErrorMeanKernel}. */
        SQUARED_ERROR_MEAN,
        /** the same with the prediction {@code z + b} and the bias's gradient: see {@link SquaredErrorFusion#matchBiased}. */
        BIASED_SQUARED_ERROR_MEAN,
        /** log-softmax along the last axis (forward anchor) and its gradient (backward anchor): see {@link LogSoftmaxKernels}. */
        LOG_SOFTMAX,
        /** mean cross-entropy of log-probabilities against class indices (one-hot encoded by the op chain): see {@link CrossEntropyKernel}. */
        CROSS_ENTROPY_INDICES,
        /** mean cross-entropy of log-probabilities against [rows, classes] weights: see {@link CrossEntropyKernel}. */
        CROSS_ENTROPY_WEIGHTS
    }
}

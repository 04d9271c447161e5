package dev.descent.compile;

/**
 * A run of a {@link LeanSchedule}'s ops that one kernel can compute at once: the kernel runs in
 * place of the op at {@code anchor}, and the ops in {@code removed} are then skipped. Nothing
 * outside the run reads the slots only the run's ops write, so skipping them changes nothing but
 * time. Whether a plan uses it is decided when the plan binds arrays (the kernel may refuse them;
 * the ops then run as they are).
 *
 * @param anchor  index of the step the kernel replaces (every input is ready by then)
 * @param removed indices of the other steps the kernel makes redundant
 * @param inputs  slots the kernel reads
 * @param outputs slots the kernel writes (each also written by one of the replaced ops)
 * @param kind    which kernel
 */
record Fusion(int anchor, int[] removed, int[] inputs, int[] outputs, Kind kind) {
    /** The fused computations there are. */
    enum Kind {
        /** {@code mean((p - y)²)} and its gradient with respect to p: see {@link SquaredErrorMeanKernel}. */
        SQUARED_ERROR_MEAN
    }
}

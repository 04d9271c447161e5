package dev.descent.train;

/**
 * What one step did.
 *
 * @param step          0-based step index
 * @param epoch         0-based epoch the step belongs to
 * @param loss          the batch loss, computed before the step's update
 * @param lr            the learning rate used (group 0's, when there are several groups)
 * @param samples       samples this step processed (N for GD, 1 for SGD, B for mini-batch)
 * @param totalSamples  samples processed so far, this step included (the source material's cost measure)
 * @param gradNorm      global 2-norm of the gradient before clipping
 * @param skipped       true when the non-finite policy skipped the update
 */
public record StepRecord(long step, long epoch, double loss, double lr, int samples, long totalSamples, double gradNorm,
        boolean skipped) {
}

package dev.descent.train;

import org.jspecify.annotations.Nullable;

/**
 * What stop rules see after each step.
 *
 * @param steps         steps run so far
 * @param epochs        epochs completed so far
 * @param last          the step just run
 * @param epochEnded    whether that step completed an epoch
 * @param lastEpoch     the last completed epoch, if any
 * @param paramChange   {@code ‖Δθ‖ / max(‖θ‖, 1)} over all parameters for the last step, or NaN
 *                      when no rule asked for it
 */
public record TrainingStatus(long steps, long epochs, StepRecord last, boolean epochEnded,
        @Nullable EpochRecord lastEpoch, double paramChange) {
}

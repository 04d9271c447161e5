package dev.descent.train;

/**
 * Called once a step is complete: after the optimizer update, the step listeners, the trajectory
 * snapshot and, when the step ended an epoch, the epoch's record and listeners. What it sees is a
 * consistent state to save or report (checkpoints use it).
 */
@FunctionalInterface
public interface StepEndListener {
    void onStepEnd(TrainingStatus status);
}

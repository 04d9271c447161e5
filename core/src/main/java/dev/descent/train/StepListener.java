package dev.descent.train;

/** Called after every step; a functional interface so Kotlin passes a trailing lambda. */
@FunctionalInterface
public interface StepListener {
    void onStep(StepRecord record);
}

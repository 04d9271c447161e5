package dev.descent.train;

/** What training does when a loss or gradient is NaN or infinite. */
public enum NonFinitePolicy {
    /** Throw {@link NonFiniteException} at that step, with the parameters as they were before it. */
    FAIL,
    /** Stop training gracefully; the history says why. */
    STOP,
    /** Skip that step's update and go on. */
    SKIP
}

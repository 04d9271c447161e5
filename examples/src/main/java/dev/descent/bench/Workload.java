package dev.descent.bench;

/** One bench workload: runs, emits its metrics, then checks its result (throwing {@link CheckFailedException}). */
interface Workload {

    /** The harness's id, e.g. {@code "W1"}. */
    String id();

    /**
     * Runs the workload at full size, or at the harness's smoke-test sizes when {@code quick}.
     *
     * @throws CheckFailedException after emitting the metrics, if the result is wrong
     */
    void run(boolean quick, Emitter out);
}

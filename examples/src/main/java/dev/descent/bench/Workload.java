package dev.descent.bench;

/** One bench workload: runs, emits its metrics, then checks its result (throwing {@link CheckFailedException}). */
interface Workload {

    /**
     * Runs the workload at full size, or at the harness's smoke-test sizes when {@code quick}.
     *
     * @param out its metrics, under the id {@link BenchCommand#all()} gives it
     * @throws CheckFailedException after emitting the metrics, if the result is wrong
     */
    void run(boolean quick, Metrics out);
}

package dev.descent.bench;

/** One workload's view of an {@link Emitter}: its metrics go out under its id. */
record Metrics(Emitter emitter, String workload) {
    void emit(String metric, double value, String unit) {
        emitter.emit(workload, metric, value, unit);
    }
}

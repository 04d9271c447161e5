package dev.descent.spark;

import java.io.Serializable;

/**
 * Runs at the start of every step task on the executor; used by tests to inject a failure into one
 * attempt and check that Spark's retry changes nothing.
 */
@FunctionalInterface
interface TaskHook extends Serializable {
    void beforeTask(long step, int partition, int attempt);
}

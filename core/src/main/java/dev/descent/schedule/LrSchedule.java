package dev.descent.schedule;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** TEMP (replaced by the schedule helper's version). */
public interface LrSchedule {
    enum Unit { STEP, EPOCH }
    Unit unit();
    double lr(double baseLr, long t);
    default void observe(long t, double metric) {
    }
    default @Nullable Map<String, Double> state() {
        return null;
    }
    default void restore(Map<String, Double> state) {
    }
}

package dev.descent.schedule;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A learning-rate schedule: the rate in force for step or epoch {@code t} (0-based: {@code t = 0}
 * is the first step or epoch) given the optimizer group's base rate. Schedules are closed forms
 * of torch's schedulers, so the same {@code t} always gives the same rate and the base rate of each
 * parameter group scales independently, as in torch.
 *
 * <pre>{@code
 * LrSchedule s = LrSchedules.cosine(100, 0.0, LrSchedule.Unit.EPOCH);
 * for (int g = 0; g < opt.groupCount(); g++) {
 *     opt.setLr(g, s.lr(opt.baseLr(g), epoch));
 * }
 * }</pre>
 */
public interface LrSchedule {

    /** What {@code t} counts: optimizer steps or epochs. */
    enum Unit {
        STEP, EPOCH
    }

    /** What {@code t} counts for this schedule. */
    Unit unit();

    /**
     * The learning rate for step or epoch {@code t}.
     *
     * @param baseLr the group's base learning rate (finite, {@code >= 0})
     * @param t      0-based step or epoch counter ({@code >= 0}), in {@link #unit()}
     */
    double lr(double baseLr, long t);

    /**
     * Reports a metric measured at the end of step or epoch {@code t}; only metric-driven
     * schedules ({@link ReduceLrOnPlateau}) react, the others ignore it.
     */
    default void observe(long t, double metric) {
    }

    /**
     * The schedule's mutable state as plain numbers, for checkpoints; {@code null} for the
     * closed-form schedules, which have none.
     */
    default @Nullable Map<String, Double> exportState() {
        return null;
    }

    /** Restores what {@link #exportState()} returned. */
    default void importState(Map<String, Double> state) {
    }
}

package dev.descent.schedule;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * torch {@code LinearLR(start_factor, end_factor=1, total_iters=warmup)} followed by another
 * schedule, as {@code SequentialLR(milestones=[warmup])} chains them: for {@code t < warmup},
 * {@code base * (startFactor + (1 - startFactor) * t / warmup)}; afterwards {@code after} with its
 * counter restarted at 0 ({@code after.lr(base, t - warmup)}). The warm-up counts in
 * {@code after}'s unit. Metrics observed during warm-up are not passed on; {@code after}'s state
 * (a plateau's counters) is this schedule's state, so checkpoints carry it.
 */
record LinearWarmupLr(long warmup, double startFactor, LrSchedule after) implements LrSchedule {
    LinearWarmupLr {
        Check.atLeastOne("warmupSteps", warmup);
        if (!(startFactor > 0 && startFactor <= 1)) {
            throw new IllegalArgumentException("Invalid startFactor: " + startFactor
                    + " (startFactor must lie in (0, 1], e.g. 0.1; torch's LinearLR has the same rule)");
        }
        Check.notNull("after", after);
    }

    @Override
    public Unit unit() {
        return after.unit();
    }

    @Override
    public double lr(double baseLr, long t) {
        Check.baseLr(baseLr);
        Check.t(t);
        if (t < warmup) {
            return baseLr * (startFactor + (1 - startFactor) * t / warmup);
        }
        return after.lr(baseLr, t - warmup);
    }

    @Override
    public void observe(long t, double metric) {
        Check.t(t);
        if (t >= warmup) {
            after.observe(t - warmup, metric);
        }
    }

    @Override
    public @Nullable Map<String, Double> exportState() {
        return after.exportState();
    }

    @Override
    public void importState(Map<String, Double> state) {
        after.importState(state);
    }
}

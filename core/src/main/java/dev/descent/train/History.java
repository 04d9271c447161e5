package dev.descent.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The record of a training run: every step, every epoch, and (optionally) the parameter
 * trajectory at a stride. Grows as training continues.
 */
public final class History {
    /** Parameter values after {@code step} steps (step 0 = the initial values). */
    public record Snapshot(long step, Map<String, float[]> params) {
        public Snapshot {
            params = Map.copyOf(params);
        }
    }

    private final List<StepRecord> steps = new ArrayList<>();
    private final List<EpochRecord> epochs = new ArrayList<>();
    private final List<Snapshot> trajectory = new ArrayList<>();
    private @Nullable String stopReason;

    void addStep(StepRecord r) {
        steps.add(r);
    }

    void addEpoch(EpochRecord r) {
        epochs.add(r);
    }

    void addSnapshot(Snapshot s) {
        trajectory.add(s);
    }

    void setStopReason(String reason) {
        this.stopReason = reason;
    }

    public List<StepRecord> steps() {
        return Collections.unmodifiableList(steps);
    }

    public List<EpochRecord> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    public List<Snapshot> trajectory() {
        return Collections.unmodifiableList(trajectory);
    }

    /** Why the last {@code fit} stopped. */
    public @Nullable String stopReason() {
        return stopReason;
    }

    /** Per-step losses. */
    public double[] losses() {
        return steps.stream().mapToDouble(StepRecord::loss).toArray();
    }

    /** Cumulative samples processed after each step. */
    public double[] samplesProcessed() {
        return steps.stream().mapToDouble(StepRecord::totalSamples).toArray();
    }

    /** The last step's loss (NaN when no step ran). */
    public double finalLoss() {
        return steps.isEmpty() ? Double.NaN : steps.get(steps.size() - 1).loss();
    }

    /** Values of one epoch metric (e.g. {@code val_accuracy}), NaN where an epoch lacks it. */
    public double[] epochMetric(String name) {
        return epochs.stream().mapToDouble(e -> e.metrics().getOrDefault(name, Double.NaN)).toArray();
    }

    /** Per-epoch mean training losses. */
    public double[] epochLosses() {
        return epochs.stream().mapToDouble(EpochRecord::meanLoss).toArray();
    }
}

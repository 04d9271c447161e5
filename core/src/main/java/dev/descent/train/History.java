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

    /**
     * Writes this history to {@code path}, atomically; the extension picks the format.
     *
     * <ul>
     *   <li>{@code .csv}: a header line, then one line per step: {@code step, epoch, loss, lr, samples,
     *       totalSamples, gradNorm, skipped, epochLoss} and one column per epoch metric (such as
     *       {@code val_loss}, in name order); the epoch columns are filled on the line of the step that ended the epoch
     *       and empty elsewhere. Numbers as Java prints doubles (they read back exactly; {@code NaN} and
     *       {@code Infinity} as such), CRLF line ends, names quoted as RFC 4180 says when they need it.
     *   <li>{@code .json}: {@code {"stopReason", "steps": [{step, epoch, loss, lr, samples, totalSamples,
     *       gradNorm, skipped}], "epochs": [{epoch, steps, meanLoss, metrics: {name: value}}],
     *       "trajectory": [{step, params: {name: [values]}}]}}; a non-finite number is {@code null}.
     * </ul>
     *
     * @throws IllegalArgumentException if the name ends in neither {@code .csv} nor {@code .json}
     */
    public void save(java.nio.file.Path path) {
        java.util.Objects.requireNonNull(path, "path");
        HistoryFiles.save(this, path);
    }

    /** Per-epoch mean training losses. */
    public double[] epochLosses() {
        return epochs.stream().mapToDouble(EpochRecord::meanLoss).toArray();
    }
}

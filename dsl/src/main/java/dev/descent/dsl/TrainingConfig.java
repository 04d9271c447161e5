package dev.descent.dsl;

import dev.descent.data.Dataset;
import dev.descent.dsl.metric.Metric;
import dev.descent.train.TrainingPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a model trains: the core's {@link TrainingPlan} (optimizer, batching, length, schedule,
 * clipping, stop rules, early stopping, non-finite policy, listeners — every setting of
 * {@link TrainingPlan.Settings}) plus what only {@link Model#fit} has: validation data or a
 * validation split, metrics, progress, checkpoint files, resuming from one, and whether a
 * {@code fit} continues the model's previous run or starts afresh. Immutable; the plan is
 * validated when it is built, the DSL's settings by the canonical constructor.
 *
 * <pre>{@code
 * TrainingConfig cfg = TrainingConfig.builder()
 *         .optimizer(Descent.sgd(0.05).momentum(0.9).nesterov())
 *         .miniBatch(32).seed(7)
 *         .epochs(20)
 *         .validationSplit(0.2)
 *         .metrics(Metric.accuracy())
 *         .build();
 * }</pre>
 */
public record TrainingConfig(TrainingPlan plan, @Nullable Dataset validation, double validationSplit, List<Metric> metrics,
        Progress progress, @Nullable Path checkpointFile, int checkpointSteps, @Nullable Path resumeFrom, boolean resumeIfPresent,
        boolean reset) {

    /**
     * Every DSL setting is checked here (the plan's were when it was built).
     *
     * @param plan            the training plan: every setting but the DSL's own
     * @param validation      a separate validation set, or null (see also {@code validationSplit})
     * @param validationSplit fraction of the training data held out for validation (0 = none), split with the plan's seed
     * @param metrics         metrics computed on the validation data after every epoch (the loss always is)
     * @param progress        how training shows progress (on stderr, never stdout)
     * @param checkpointFile  where {@link Model#fit} writes checkpoints (every {@code checkpointSteps} steps and at
     *                        the end), or null for none
     * @param checkpointSteps the checkpoint interval in steps (>= 1 with a file, 0 without)
     * @param resumeFrom      a checkpoint to resume from before training, or null
     * @param resumeIfPresent whether a missing {@code resumeFrom} file means "start afresh" rather than an error
     * @param reset           whether this {@code fit} starts afresh (optimizer state, sampler, counters) instead of
     *                        continuing the model's previous {@code fit}
     */
    public TrainingConfig {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(progress, "progress");
        metrics = List.copyOf(metrics);
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw new IllegalArgumentException("Invalid validationSplit: " + validationSplit
                    + " (must be in [0, 1), e.g. 0.2 to hold out 20%)");
        }
        if (validationSplit > 0 && validation != null) {
            throw new IllegalArgumentException("Both validation(data) and validationSplit(" + validationSplit
                    + ") are set; use one of them");
        }
        if (checkpointFile != null && checkpointSteps < 1) {
            throw new IllegalArgumentException("Invalid checkpoint interval: " + checkpointSteps
                    + " steps (must be >= 1), e.g. checkpointEvery(100, Path.of(\"run.ckpt\"))");
        }
        if (checkpointFile != null && plan.checkpointWriter() != null) {
            throw new IllegalArgumentException("Checkpoints are given twice: checkpointEvery(" + checkpointSteps + ", "
                    + checkpointFile + ") and checkpointEvery(n, writer). Fix: use one of them.");
        }
    }

    /** A new builder: {@code TrainingConfig.builder().optimizer(Descent.sgd(0.1)).epochs(10).build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The plan's settings and the DSL's; {@link #build()} validates everything at once. */
    public static final class Builder extends TrainingPlan.Settings<Builder> {
        private @Nullable OptimizerSpec optimizer;
        private @Nullable Dataset validation;
        private double validationSplit;
        private final List<Metric> metrics = new ArrayList<>();
        private Progress progress = Progress.AUTO;
        private @Nullable Path checkpointFile;
        private int checkpointSteps;
        private @Nullable Path resumeFrom;
        private boolean resumeIfPresent;
        private boolean reset;

        private Builder() {
        }

        /**
         * Writes a checkpoint of the run to {@code file} every {@code steps} steps and when {@code fit}
         * returns (atomically, replacing the previous one): parameters, optimizer state, schedule state,
         * sampler position and counters. {@link #resumeFrom} continues from it bit-identically.
         */
        public Builder checkpointEvery(int steps, Path file) {
            this.checkpointSteps = steps;
            this.checkpointFile = Objects.requireNonNull(file, "checkpoint file");
            return this;
        }

        /**
         * Restores the run saved in {@code checkpoint} (by {@link #checkpointEvery(int, Path)} or
         * {@code Checkpoint.save}) before training: the same configuration then trains to its planned
         * length with parameters bit-identical to a run never interrupted. The file must exist.
         */
        public Builder resumeFrom(Path checkpoint) {
            return resume(checkpoint, false);
        }

        /** Like {@link #resumeFrom}, but a missing file starts the run afresh (a restartable job's first start). */
        public Builder resumeIfPresent(Path checkpoint) {
            return resume(checkpoint, true);
        }

        private Builder resume(Path checkpoint, boolean ifPresent) {
            this.resumeFrom = Objects.requireNonNull(checkpoint, "checkpoint");
            this.resumeIfPresent = ifPresent;
            return this;
        }

        /**
         * Starts afresh instead of continuing the model's previous {@code fit}: new optimizer state,
         * the sampler from its seed, counters from 0 (the parameters are kept).
         */
        public Builder reset() {
            this.reset = true;
            return this;
        }

        /**
         * The optimizer as the DSL declares it, e.g. {@code optimizer(Descent.sgd(0.01).momentum(0.9))}; turned
         * into its validated rule when the configuration is built, so the order of fluent calls never matters.
         */
        public Builder optimizer(OptimizerSpec spec) {
            this.optimizer = Objects.requireNonNull(spec, "optimizer");
            return this;
        }

        /** A separate validation set, evaluated after every epoch into the history. */
        public Builder validation(Dataset data) {
            this.validation = Objects.requireNonNull(data, "validation");
            return this;
        }

        /** Hold out this fraction of the training data (seeded) for validation. */
        public Builder validationSplit(double fraction) {
            this.validationSplit = fraction;
            return this;
        }

        /** Metrics for the validation data, recorded per epoch as {@code val_<name>}: {@code metrics(Metric.accuracy())}. */
        public Builder metrics(Metric... values) {
            metrics.addAll(List.of(values));
            return this;
        }

        /** How training shows progress: {@code progress(Progress.LINES)} for logs (default AUTO). */
        public Builder progress(Progress value) {
            this.progress = Objects.requireNonNull(value, "progress");
            return this;
        }

        /** No progress output (same as {@code progress(Progress.QUIET)}). */
        public Builder quiet() {
            return progress(Progress.QUIET);
        }

        /** Validates every setting at once; throws IllegalArgumentException naming the first bad one and the fix. */
        public TrainingConfig build() {
            if (optimizer != null) {
                optimizer(optimizer.build());
            }
            return new TrainingConfig(buildPlan(), validation, validationSplit, metrics, progress, checkpointFile,
                    checkpointSteps, resumeFrom, resumeIfPresent, reset);
        }
    }
}

package dev.descent.dsl;

import dev.descent.data.Dataset;
import dev.descent.dsl.metric.Metric;
import dev.descent.train.TrainingPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a model trains: the core's {@link TrainingPlan} (optimizer, batching, length, schedule,
 * clipping, stop rules, non-finite policy, listeners, checkpoints — every setting of
 * {@link TrainingPlan.Settings}) plus what only {@link Model#fit} has: validation data or a
 * validation split, metrics and progress. Immutable; the plan is validated when it is built, the
 * DSL's settings by the canonical constructor.
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
        Progress progress) {

    /**
     * Every DSL setting is checked here (the plan's were when it was built).
     *
     * @param plan            the training plan: every setting but the DSL's own
     * @param validation      a separate validation set, or null (see also {@code validationSplit})
     * @param validationSplit fraction of the training data held out for validation (0 = none), split with the plan's seed
     * @param metrics         metrics computed on the validation data after every epoch (the loss always is)
     * @param progress        how training shows progress (on stderr, never stdout)
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

        private Builder() {
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
            return new TrainingConfig(buildPlan(), validation, validationSplit, metrics, progress);
        }
    }
}

package dev.descent.dsl;

import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.dsl.metric.Metric;
import dev.descent.optim.GradientClipping;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.UpdateRule;
import dev.descent.schedule.LrSchedule;
import dev.descent.train.EpochListener;
import dev.descent.train.NonFinitePolicy;
import dev.descent.train.StepListener;
import dev.descent.train.StopRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How a model trains: optimizer, batching (full batch = GD, single sample = SGD, mini-batch),
 * length, schedule, clipping, validation, metrics, stop rules, non-finite policy, progress and
 * listeners. Immutable; every value is validated once, in {@link Builder#build()}, with messages
 * that name the parameter, echo the value and state the rule.
 *
 * <pre>{@code
 * TrainingConfig cfg = TrainingConfig.builder()
 *         .optimizer(Optim.sgd(0.05).momentum(0.9).nesterov())
 *         .miniBatch(32).seed(7)
 *         .epochs(20)
 *         .validationSplit(0.2)
 *         .metrics(Metric.accuracy())
 *         .build();
 * }</pre>
 */
public final class TrainingConfig {
    private final UpdateRule rule;
    private final List<ParamGroup> groups;
    private final Batching batching;
    private final long epochs;
    private final long steps;
    private final @Nullable LrSchedule schedule;
    private final GradientClipping clipping;
    private final @Nullable Dataset validation;
    private final double validationSplit;
    private final long seed;
    private final List<Metric> metrics;
    private final List<StopRule> stopRules;
    private final NonFinitePolicy nonFinite;
    private final Progress progress;
    private final List<StepListener> stepListeners;
    private final List<EpochListener> epochListeners;
    private final int trajectoryStride;

    private TrainingConfig(Builder b, UpdateRule rule, Batching batching) {
        this.rule = rule;
        this.groups = List.copyOf(b.groups);
        this.batching = batching;
        this.epochs = b.epochs;
        this.steps = b.steps;
        this.schedule = b.schedule;
        this.clipping = b.clipping;
        this.validation = b.validation;
        this.validationSplit = b.validationSplit;
        this.seed = b.seed;
        this.metrics = List.copyOf(b.metrics);
        this.stopRules = List.copyOf(b.stopRules);
        this.nonFinite = b.nonFinite;
        this.progress = b.progress;
        this.stepListeners = List.copyOf(b.stepListeners);
        this.epochListeners = List.copyOf(b.epochListeners);
        this.trajectoryStride = b.trajectoryStride;
    }

    /** A new builder: {@code TrainingConfig.builder().optimizer(Optim.sgd(0.1)).epochs(10).build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The validated update rule built from the optimizer spec. */
    public UpdateRule rule() {
        return rule;
    }

    /** Parameter groups with their own hyper-parameters (empty: one group of every parameter). */
    public List<ParamGroup> groups() {
        return groups;
    }

    /** How each step's samples are drawn: full batch, single sample or mini-batch. */
    public Batching batching() {
        return batching;
    }

    /** Epochs to run (0 when the length is given in steps). */
    public long epochs() {
        return epochs;
    }

    /** Steps to run (0 when the length is given in epochs). */
    public long steps() {
        return steps;
    }

    /** The learning-rate schedule, or null for a constant rate. */
    public @Nullable LrSchedule schedule() {
        return schedule;
    }

    /** Gradient clipping ({@code GradientClipping.none()} unless clipNorm or clipValue was set). */
    public GradientClipping clipping() {
        return clipping;
    }

    /** The separate validation set, or null (see also {@link #validationSplit()}). */
    public @Nullable Dataset validation() {
        return validation;
    }

    /** Fraction of the training data held out for validation (0 = none). */
    public double validationSplit() {
        return validationSplit;
    }

    /** Seed for batching, the validation split and dropout masks. */
    public long seed() {
        return seed;
    }

    /** Metrics computed on the validation data after every epoch (the loss always is). */
    public List<Metric> metrics() {
        return metrics;
    }

    /** Extra stop rules, checked after every step. */
    public List<StopRule> stopRules() {
        return stopRules;
    }

    /** What a NaN or infinite loss or gradient does: fail (default), stop or skip the step. */
    public NonFinitePolicy nonFinite() {
        return nonFinite;
    }

    /** How training shows progress (on stderr, never stdout). */
    public Progress progress() {
        return progress;
    }

    /** Callbacks run after every step. */
    public List<StepListener> stepListeners() {
        return stepListeners;
    }

    /** Callbacks run after every epoch. */
    public List<EpochListener> epochListeners() {
        return epochListeners;
    }

    /** Parameters are recorded into the history every this many steps (0 = off). */
    public int trajectoryStride() {
        return trajectoryStride;
    }

    /** Fluent, mutable collector; {@link #build()} validates everything at once. */
    public static final class Builder {
        private enum Mode { FULL, SINGLE, MINI }

        private @Nullable OptimizerSpec optimizer;
        private List<ParamGroup> groups = List.of();
        private Mode mode = Mode.FULL;
        private int batchSize;
        private boolean shuffle = true;
        private boolean dropLast;
        private boolean withReplacement;
        private long seed;
        private long epochs;
        private long steps;
        private @Nullable LrSchedule schedule;
        private GradientClipping clipping = GradientClipping.none();
        private double clipNorm = Double.NaN;
        private double clipValue = Double.NaN;
        private @Nullable Dataset validation;
        private double validationSplit;
        private final List<Metric> metrics = new ArrayList<>();
        private final List<StopRule> stopRules = new ArrayList<>();
        private NonFinitePolicy nonFinite = NonFinitePolicy.FAIL;
        private Progress progress = Progress.AUTO;
        private final List<StepListener> stepListeners = new ArrayList<>();
        private final List<EpochListener> epochListeners = new ArrayList<>();
        private int trajectoryStride;

        private Builder() {
        }

        /** The update rule, e.g. {@code Optim.sgd(0.01).momentum(0.9)}. Required. */
        public Builder optimizer(OptimizerSpec spec) {
            this.optimizer = Objects.requireNonNull(spec, "optimizer");
            return this;
        }

        /** Parameter groups with their own hyper-parameters (torch keyword names). */
        public Builder groups(List<ParamGroup> groups) {
            this.groups = List.copyOf(groups);
            return this;
        }

        /** Shorthand for one group: {@code group(List.of("layer0.bias"), Map.of("lr", 0.1))}. */
        public Builder group(List<String> params, Map<String, Object> overrides) {
            List<ParamGroup> g = new ArrayList<>(groups);
            g.add(new ParamGroup(params, overrides));
            this.groups = g;
            return this;
        }

        /** Gradient descent: every step sees all N samples (the default). */
        public Builder fullBatch() {
            this.mode = Mode.FULL;
            return this;
        }

        /** Stochastic gradient descent: each step one sample drawn uniformly at random, with replacement. */
        public Builder singleSample() {
            this.mode = Mode.SINGLE;
            return this;
        }

        /** Mini-batch gradient descent: each epoch a fresh seeded permutation cut into batches of {@code size}. */
        public Builder miniBatch(int size) {
            this.mode = Mode.MINI;
            this.batchSize = size;
            return this;
        }

        /** Mini-batch only: shuffle each epoch (default true). */
        public Builder shuffle(boolean value) {
            this.shuffle = value;
            return this;
        }

        /** Mini-batch only: drop the last short batch of each epoch (default false). */
        public Builder dropLast(boolean value) {
            this.dropLast = value;
            return this;
        }

        /** Mini-batch only: draw each batch with replacement (default false). */
        public Builder withReplacement(boolean value) {
            this.withReplacement = value;
            return this;
        }

        /** Seed for sampling, the validation split and dropout (default 0; every seed is reproducible). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Train for {@code value} passes over the data: {@code epochs(50)}. Give epochs or steps, not both. */
        public Builder epochs(long value) {
            this.epochs = value;
            return this;
        }

        /** Train for {@code value} optimizer steps: {@code steps(1000)}. Give epochs or steps, not both. */
        public Builder steps(long value) {
            this.steps = value;
            return this;
        }

        /** A learning-rate schedule: {@code schedule(LrSchedules.cosine(50, 0.0, LrSchedule.Unit.EPOCH))}. */
        public Builder schedule(LrSchedule value) {
            this.schedule = Objects.requireNonNull(value, "schedule");
            return this;
        }

        /** Clip gradients to a global 2-norm of at most {@code maxNorm} (torch's clip_grad_norm_). */
        public Builder clipNorm(double maxNorm) {
            this.clipNorm = maxNorm;
            return this;
        }

        /** Clamp every gradient value to [-value, value] (torch's clip_grad_value_). */
        public Builder clipValue(double value) {
            this.clipValue = value;
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

        /** An extra stop rule (training also stops after the epochs or steps given). */
        public Builder stopWhen(StopRule rule) {
            stopRules.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /** What a NaN or infinite loss or gradient does: {@code nonFinite(NonFinitePolicy.STOP)} (default FAIL). */
        public Builder nonFinite(NonFinitePolicy policy) {
            this.nonFinite = Objects.requireNonNull(policy, "policy");
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

        /** A callback after every step: {@code onStep(r -> losses.add(r.loss()))}. */
        public Builder onStep(StepListener l) {
            stepListeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** A callback after every epoch: {@code onEpoch(r -> log.info("epoch {} loss {}", r.epoch(), r.meanLoss()))}. */
        public Builder onEpoch(EpochListener l) {
            epochListeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** Record the parameters every {@code stride} steps (0 = off). */
        public Builder trajectoryStride(int stride) {
            this.trajectoryStride = stride;
            return this;
        }

        /** Validates every setting at once; throws IllegalArgumentException naming the first bad one and the fix. */
        public TrainingConfig build() {
            if (optimizer == null) {
                throw new IllegalArgumentException("No optimizer: call optimizer(Optim.sgd(0.01)) (or another rule)");
            }
            UpdateRule rule = optimizer.build();
            if (epochs < 0) {
                throw new IllegalArgumentException("Invalid epochs: " + epochs + " (epochs must be >= 1)");
            }
            if (steps < 0) {
                throw new IllegalArgumentException("Invalid steps: " + steps + " (steps must be >= 1)");
            }
            if (epochs > 0 && steps > 0) {
                throw new IllegalArgumentException("Both epochs (" + epochs + ") and steps (" + steps
                        + ") are set: give the training length one way. Fix: remove one of them.");
            }
            if (epochs == 0 && steps == 0 && stopRules.isEmpty()) {
                throw new IllegalArgumentException("No training length: call epochs(n) or steps(n), or add a stopWhen(rule)");
            }
            if (mode != Mode.MINI && (dropLast || withReplacement || !shuffle)) {
                throw new IllegalArgumentException("shuffle/dropLast/withReplacement apply to mini-batches only, but the batching is "
                        + (mode == Mode.FULL ? "full batch" : "single sample") + ". Fix: call miniBatch(size) first.");
            }
            Batching batching;
            switch (mode) {
                case SINGLE:
                    batching = Batching.singleSample(seed);
                    break;
                case MINI:
                    batching = Batching.miniBatch(batchSize).seed(seed).shuffle(shuffle).dropLast(dropLast)
                            .withReplacement(withReplacement);
                    break;
                default:
                    batching = Batching.fullBatch();
            }
            if (!Double.isNaN(clipNorm) && !Double.isNaN(clipValue)) {
                throw new IllegalArgumentException("Both clipNorm (" + clipNorm + ") and clipValue (" + clipValue
                        + ") are set; choose one way to clip gradients");
            }
            if (!Double.isNaN(clipNorm)) {
                clipping = GradientClipping.byGlobalNorm(clipNorm);
            } else if (!Double.isNaN(clipValue)) {
                clipping = GradientClipping.byValue(clipValue);
            }
            if (!(validationSplit >= 0 && validationSplit < 1)) {
                throw new IllegalArgumentException("Invalid validationSplit: " + validationSplit
                        + " (must be in [0, 1), e.g. 0.2 to hold out 20%)");
            }
            if (validationSplit > 0 && validation != null) {
                throw new IllegalArgumentException("Both validation(data) and validationSplit(" + validationSplit
                        + ") are set; use one of them");
            }
            if (trajectoryStride < 0) {
                throw new IllegalArgumentException("Invalid trajectoryStride: " + trajectoryStride + " (must be >= 0; 0 = off)");
            }
            return new TrainingConfig(this, rule, batching);
        }
    }
}

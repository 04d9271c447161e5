package dev.descent.train;

import dev.descent.data.Batching;
import dev.descent.optim.GradientClipping;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.UpdateRule;
import dev.descent.schedule.LrSchedule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to train, said once: the update rule and its parameter groups, batching, length and stop
 * rules, learning-rate schedule, clipping, non-finite policy, trajectory stride, listeners and
 * checkpoints. Immutable; every setting is validated in one place ({@link Settings#buildPlan()}),
 * with a message that names the setting, echoes the value, states the rule and suggests the fix.
 *
 * <p>Local training ({@link Trainer#create}), the DSL's {@code TrainingConfig} and Spark's
 * {@code SparkTrainer} all take a plan: their builders extend {@link Settings} and add only what is
 * their own (validation and progress; Spark's inputs and cluster settings). A new training setting
 * is one field and one setter in {@link Settings}, and whatever uses it.
 *
 * <pre>{@code
 * TrainingPlan plan = TrainingPlan.builder()
 *         .optimizer(Sgd.builder().lr(0.01).momentum(0.9).build())
 *         .miniBatch(10).seed(1)
 *         .epochs(20)
 *         .build();
 * History h = Trainer.create(model, plan).fit(Dataset.of("x", x, "y", y));
 * }</pre>
 */
public final class TrainingPlan {
    private final UpdateRule rule;
    private final List<ParamGroup> groups;
    private final Batching batching;
    private final long seed;
    private final long epochs;
    private final long steps;
    private final StopRule stopRule;
    /** The stopWhen rules alone (stopRule adds the length's), for toBuilder. */
    private final List<StopRule> extraStops;
    private final @Nullable LrSchedule schedule;
    private final GradientClipping clipping;
    private final NonFinitePolicy nonFinite;
    private final int trajectoryStride;
    private final List<StepListener> stepListeners;
    private final List<EpochListener> epochListeners;
    private final List<StepEndListener> stepEndListeners;
    private final @Nullable EpochEvaluator evaluator;
    private final @Nullable ExtraInputs extraInputs;
    private final int checkpointEvery;
    private final @Nullable CheckpointWriter checkpointWriter;
    private final @Nullable EarlyStopping earlyStopping;

    private TrainingPlan(Settings<?> s, UpdateRule rule, Batching batching, StopRule stopRule, GradientClipping clipping) {
        this.rule = rule;
        this.groups = List.copyOf(s.groups);
        this.batching = batching;
        this.seed = s.seed;
        this.epochs = s.epochs;
        this.steps = s.steps;
        this.stopRule = stopRule;
        this.extraStops = List.copyOf(s.extraStops);
        this.schedule = s.schedule;
        this.clipping = clipping;
        this.nonFinite = s.nonFinite;
        this.trajectoryStride = s.trajectoryStride;
        this.stepListeners = List.copyOf(s.stepListeners);
        this.epochListeners = List.copyOf(s.epochListeners);
        this.stepEndListeners = List.copyOf(s.stepEndListeners);
        this.evaluator = s.evaluator;
        this.extraInputs = s.extraInputs;
        this.checkpointEvery = s.checkpointEvery;
        this.checkpointWriter = s.checkpointWriter;
        this.earlyStopping = s.earlyStopping;
    }

    /** A new plan: {@code TrainingPlan.builder().optimizer(rule).epochs(10).build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding every setting of this plan, to derive another (e.g. with one more listener). */
    public Builder toBuilder() {
        Builder b = new Builder();
        Settings<Builder> s = b; // the fields are Settings' own (private members are not inherited)
        s.rule = rule;
        s.groups.addAll(groups);
        s.batching = batching;
        s.seed = seed;
        s.epochs = epochs;
        s.steps = steps;
        s.extraStops.addAll(extraStops);
        s.schedule = schedule;
        s.clipping = clipping;
        s.nonFinite = nonFinite;
        s.trajectoryStride = trajectoryStride;
        s.stepListeners.addAll(stepListeners);
        s.epochListeners.addAll(epochListeners);
        s.stepEndListeners.addAll(stepEndListeners);
        s.evaluator = evaluator;
        s.extraInputs = extraInputs;
        s.checkpointEvery = checkpointEvery;
        s.checkpointWriter = checkpointWriter;
        s.earlyStopping = earlyStopping;
        return b;
    }

    /** The update rule: the defaults of every parameter group. */
    public UpdateRule rule() {
        return rule;
    }

    /** Parameter groups with their own hyper-parameters (empty: one group of every parameter). */
    public List<ParamGroup> groups() {
        return groups;
    }

    /** How each step's samples are drawn: full batch (GD, the default), single sample (SGD) or mini-batch. */
    public Batching batching() {
        return batching;
    }

    /** The seed of the batching shorthands, and of what a front end seeds with it (a validation split, dropout). */
    public long seed() {
        return seed;
    }

    /** Epochs to run (0 when the length is given in steps or by stop rules only). */
    public long epochs() {
        return epochs;
    }

    /** Steps to run (0 when the length is given in epochs or by stop rules only). */
    public long steps() {
        return steps;
    }

    /** When training stops: the length and every {@code stopWhen} rule, whichever fires first. */
    public StopRule stopRule() {
        return stopRule;
    }

    /**
     * Why a run that has taken {@code stepsDone} steps and {@code epochsDone} epochs is already as long
     * as planned (a run restored from its last checkpoint), or null: such a run takes no further step.
     */
    public @Nullable String lengthReached(long stepsDone, long epochsDone) {
        if (steps > 0 && stepsDone >= steps) {
            return "reached max steps (" + steps + ")";
        }
        return epochs > 0 && epochsDone >= epochs ? "reached max epochs (" + epochs + ")" : null;
    }

    /**
     * Steps a run over {@code datasetSize} samples is planned to take: epochs × steps per epoch, or
     * the steps given; 0 when only stop rules bound it (a progress bar then shows no total).
     */
    public long plannedSteps(int datasetSize) {
        return epochs > 0 ? epochs * batching.stepsPerEpoch(datasetSize) : steps;
    }

    /** The learning-rate schedule, or null for a constant rate. */
    public @Nullable LrSchedule schedule() {
        return schedule;
    }

    /** Gradient clipping ({@link GradientClipping#none()} unless clipNorm or clipValue was set). */
    public GradientClipping clipping() {
        return clipping;
    }

    /** What a NaN or infinite loss or gradient does: fail (default), stop or skip the step. */
    public NonFinitePolicy nonFinite() {
        return nonFinite;
    }

    /** Parameters are recorded into the history every this many steps (0 = off). */
    public int trajectoryStride() {
        return trajectoryStride;
    }

    /** Called after every step's update, with its record. */
    public List<StepListener> stepListeners() {
        return stepListeners;
    }

    /** Called after every epoch, with its record. */
    public List<EpochListener> epochListeners() {
        return epochListeners;
    }

    /** Called when a step is complete, epoch bookkeeping included. */
    public List<StepEndListener> stepEndListeners() {
        return stepEndListeners;
    }

    /** Extra per-epoch metrics (validation), or null. */
    public @Nullable EpochEvaluator evaluator() {
        return evaluator;
    }

    /** Inputs added to every step's batch (dropout masks), or null. */
    public @Nullable ExtraInputs extraInputs() {
        return extraInputs;
    }

    /** A checkpoint is written every this many steps (0 = none). */
    public int checkpointEvery() {
        return checkpointEvery;
    }

    /** Where checkpoints go, or null when there are none. */
    public @Nullable CheckpointWriter checkpointWriter() {
        return checkpointWriter;
    }

    /** Early stopping on a per-epoch value, or null. */
    public @Nullable EarlyStopping earlyStopping() {
        return earlyStopping;
    }

    /** Builds a plan; nothing else. Front ends extend {@link Settings} instead, with their own settings. */
    public static final class Builder extends Settings<Builder> {
        private Builder() {
        }

        /** Validates every setting; throws IllegalArgumentException naming the first bad one and the fix. */
        public TrainingPlan build() {
            return buildPlan();
        }
    }

    /**
     * Every setting a training run has, each declared and validated here once. A builder of a front
     * end (the DSL, Spark) extends this with its own settings and calls {@link #buildPlan()}.
     *
     * @param <B> the concrete builder, returned by every setter so calls chain
     */
    public abstract static class Settings<B extends Settings<B>> {
        private enum Mode { FULL, SINGLE, MINI }

        private @Nullable UpdateRule rule;
        private final List<ParamGroup> groups = new ArrayList<>();
        private @Nullable Batching batching;
        private @Nullable Mode mode;
        private int batchSize;
        private @Nullable Boolean shuffle;
        private @Nullable Boolean dropLast;
        private @Nullable Boolean withReplacement;
        private long seed;
        private long epochs;
        private long steps;
        private final List<StopRule> extraStops = new ArrayList<>();
        private @Nullable LrSchedule schedule;
        private @Nullable GradientClipping clipping;
        private double clipNorm = Double.NaN;
        private double clipValue = Double.NaN;
        private NonFinitePolicy nonFinite = NonFinitePolicy.FAIL;
        private int trajectoryStride;
        private final List<StepListener> stepListeners = new ArrayList<>();
        private final List<EpochListener> epochListeners = new ArrayList<>();
        private final List<StepEndListener> stepEndListeners = new ArrayList<>();
        private @Nullable EpochEvaluator evaluator;
        private @Nullable ExtraInputs extraInputs;
        private int checkpointEvery;
        private @Nullable CheckpointWriter checkpointWriter;
        private @Nullable EarlyStopping earlyStopping;

        protected Settings() {
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        /** The update rule, the defaults of every group: {@code optimizer(Sgd.builder().lr(0.01).build())}. Required. */
        public B optimizer(UpdateRule rule) {
            this.rule = Objects.requireNonNull(rule, "optimizer");
            return self();
        }

        /** Parameter groups with their own hyper-parameters (torch keyword names); replaces any given before. */
        public B groups(List<ParamGroup> groups) {
            this.groups.clear();
            this.groups.addAll(groups);
            return self();
        }

        /** One more parameter group: {@code group(List.of("layer0.bias"), Map.of("lr", 0.1))}. */
        public B group(List<String> params, Map<String, Object> overrides) {
            groups.add(new ParamGroup(params, overrides));
            return self();
        }

        /**
         * How each step's samples are drawn, as a {@link Batching}; or use the shorthands
         * {@link #fullBatch()}, {@link #singleSample()}, {@link #miniBatch(int)} (not both).
         */
        public B batching(Batching batching) {
            this.batching = Objects.requireNonNull(batching, "batching");
            return self();
        }

        /** Gradient descent: every step sees all N samples (the default). */
        public B fullBatch() {
            this.mode = Mode.FULL;
            return self();
        }

        /** Stochastic gradient descent: each step one sample drawn uniformly at random, with replacement. */
        public B singleSample() {
            this.mode = Mode.SINGLE;
            return self();
        }

        /** Mini-batch gradient descent: each epoch a fresh seeded permutation cut into batches of {@code size}. */
        public B miniBatch(int size) {
            this.mode = Mode.MINI;
            this.batchSize = size;
            return self();
        }

        /** Mini-batch only: shuffle each epoch (default true). */
        public B shuffle(boolean value) {
            this.shuffle = value;
            return self();
        }

        /** Mini-batch only: drop the last short batch of each epoch (default false). */
        public B dropLast(boolean value) {
            this.dropLast = value;
            return self();
        }

        /** Mini-batch only: draw each batch with replacement (default false). */
        public B withReplacement(boolean value) {
            this.withReplacement = value;
            return self();
        }

        /** Seed of the batching shorthands (and of a front end's validation split and dropout); default 0, every seed reproducible. */
        public B seed(long value) {
            this.seed = value;
            return self();
        }

        /** Train for {@code value} passes over the data. Give epochs or steps, not both. */
        public B epochs(long value) {
            this.epochs = value;
            return self();
        }

        /** Train for {@code value} optimizer steps. Give epochs or steps, not both. */
        public B steps(long value) {
            this.steps = value;
            return self();
        }

        /** A stop rule, checked after every step (training also stops after the epochs or steps given). */
        public B stopWhen(StopRule rule) {
            extraStops.add(Objects.requireNonNull(rule, "stopWhen"));
            return self();
        }

        /** A learning-rate schedule: {@code schedule(LrSchedules.cosine(50, 0.0, LrSchedule.Unit.EPOCH))}. */
        public B schedule(LrSchedule value) {
            this.schedule = Objects.requireNonNull(value, "schedule");
            return self();
        }

        /** Clip gradients to a global 2-norm of at most {@code maxNorm} (torch's clip_grad_norm_). */
        public B clipNorm(double maxNorm) {
            this.clipNorm = maxNorm;
            return self();
        }

        /** Clamp every gradient value to [-value, value] (torch's clip_grad_value_). */
        public B clipValue(double value) {
            this.clipValue = value;
            return self();
        }

        /** What a NaN or infinite loss or gradient does: {@code nonFinite(NonFinitePolicy.STOP)} (default FAIL). */
        public B nonFinite(NonFinitePolicy policy) {
            this.nonFinite = Objects.requireNonNull(policy, "nonFinite");
            return self();
        }

        /** Record the parameters every {@code stride} steps (0 = off). */
        public B trajectoryStride(int stride) {
            this.trajectoryStride = stride;
            return self();
        }

        /** A callback after every step's update: {@code onStep(r -> losses.add(r.loss()))}. */
        public B onStep(StepListener l) {
            stepListeners.add(Objects.requireNonNull(l, "onStep"));
            return self();
        }

        /** A callback after every epoch: {@code onEpoch(r -> log.info("epoch {} loss {}", r.epoch(), r.meanLoss()))}. */
        public B onEpoch(EpochListener l) {
            epochListeners.add(Objects.requireNonNull(l, "onEpoch"));
            return self();
        }

        /** A callback once a step is complete, epoch bookkeeping included (a consistent state to save). */
        public B onStepEnd(StepEndListener l) {
            stepEndListeners.add(Objects.requireNonNull(l, "onStepEnd"));
            return self();
        }

        /** Extra per-epoch metrics, e.g. on validation data. */
        public B evaluator(EpochEvaluator e) {
            this.evaluator = Objects.requireNonNull(e, "evaluator");
            return self();
        }

        /** Inputs added to every step's batch (e.g. dropout masks). */
        public B extraInputs(ExtraInputs extra) {
            this.extraInputs = Objects.requireNonNull(extra, "extraInputs");
            return self();
        }

        /**
         * Stops when a per-epoch value stops improving (Keras's EarlyStopping; see {@link EarlyStopping}),
         * e.g. {@code earlyStopping(EarlyStopping.on("val_loss").patience(5).restoreBest())}.
         */
        public B earlyStopping(EarlyStopping rule) {
            this.earlyStopping = Objects.requireNonNull(rule, "early stopping");
            return self();
        }

        /** Writes a checkpoint every {@code steps} steps and when {@code fit} returns. */
        public B checkpointEvery(int steps, CheckpointWriter writer) {
            this.checkpointEvery = steps;
            this.checkpointWriter = Objects.requireNonNull(writer, "checkpoint writer");
            return self();
        }

        /** Validates every setting at once and makes the plan; the first bad setting is named with the fix. */
        protected final TrainingPlan buildPlan() {
            if (rule == null) {
                throw new IllegalArgumentException("A trainer needs an optimizer: call optimizer(...), e.g. "
                        + "optimizer(Sgd.builder().lr(0.01).build())");
            }
            if (epochs < 0) {
                throw new IllegalArgumentException("Invalid epochs: " + epochs + " (epochs must be >= 1)");
            }
            if (steps < 0) {
                throw new IllegalArgumentException("Invalid steps: " + steps + " (steps must be >= 1)");
            }
            if (epochs > 0 && steps > 0) {
                throw new IllegalArgumentException("Both epochs (" + epochs + ") and steps (" + steps
                        + ") are set: give the training length one way. Fix: remove one of them, or add the other "
                        + "as stopWhen(StopRule.maxSteps(n)).");
            }
            if (epochs == 0 && steps == 0 && extraStops.isEmpty()) {
                throw new IllegalArgumentException("A trainer needs a stop rule, or it would never stop: call epochs(n), "
                        + "steps(n) or stopWhen(rule)");
            }
            if (trajectoryStride < 0) {
                throw new IllegalArgumentException("Invalid trajectory stride: " + trajectoryStride
                        + " (must be >= 0; 0 turns recording off)");
            }
            if (checkpointWriter != null && checkpointEvery < 1) {
                throw new IllegalArgumentException("Invalid checkpoint interval: " + checkpointEvery + " steps (must be >= 1)");
            }
            StopRule stop = null;
            if (epochs > 0) {
                stop = StopRule.maxEpochs(epochs);
            } else if (steps > 0) {
                stop = StopRule.maxSteps(steps);
            }
            for (StopRule r : extraStops) {
                stop = stop == null ? r : stop.or(r);
            }
            return new TrainingPlan(this, rule, batching(), Objects.requireNonNull(stop), clipping());
        }

        private Batching batching() {
            boolean refined = shuffle != null || dropLast != null || withReplacement != null;
            if (batching != null) {
                if (mode != null || refined) {
                    throw new IllegalArgumentException("The batching is given twice: batching(" + batching.describe()
                            + ") and a shorthand (fullBatch/singleSample/miniBatch/shuffle/dropLast/withReplacement). "
                            + "Fix: use one of the two.");
                }
                return batching;
            }
            Mode m = mode == null ? Mode.FULL : mode;
            if (m != Mode.MINI && refined) {
                throw new IllegalArgumentException("shuffle/dropLast/withReplacement apply to mini-batches only, but the batching is "
                        + (m == Mode.FULL ? "full batch" : "single sample") + ". Fix: call miniBatch(size) first.");
            }
            switch (m) {
                case SINGLE:
                    return Batching.singleSample(seed);
                case MINI:
                    return Batching.miniBatch(batchSize).seed(seed).shuffle(shuffle == null || shuffle)
                            .dropLast(dropLast != null && dropLast).withReplacement(withReplacement != null && withReplacement);
                default:
                    return Batching.fullBatch();
            }
        }

        private GradientClipping clipping() {
            int given = (clipping != null ? 1 : 0) + (Double.isNaN(clipNorm) ? 0 : 1) + (Double.isNaN(clipValue) ? 0 : 1);
            if (given > 1) {
                throw new IllegalArgumentException("Both clipNorm (" + clipNorm + ") and clipValue (" + clipValue
                        + ") are set; choose one way to clip gradients");
            }
            if (clipping != null) {
                return clipping;
            }
            if (!Double.isNaN(clipNorm)) {
                return GradientClipping.byGlobalNorm(clipNorm);
            }
            return Double.isNaN(clipValue) ? GradientClipping.none() : GradientClipping.byValue(clipValue);
        }
    }
}

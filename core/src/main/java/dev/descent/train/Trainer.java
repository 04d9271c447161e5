package dev.descent.train;

import dev.descent.DescentException;
import dev.descent.compile.CompiledModel;
import dev.descent.data.BatchGatherer;
import dev.descent.data.BatchSampler;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.data.SamplerState;
import dev.descent.optim.GradientClipping;
import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.UpdateRule;
import dev.descent.schedule.LrSchedule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs gradient descent on a compiled model: each step draws its samples from the
 * {@link Batching} (all of them: GD; one at random: SGD; a mini-batch), computes loss and
 * gradients, clips, checks for non-finite values, lets the {@link Optimizer} update the parameters
 * and records the step. Calling {@link #fit} again continues where the last call stopped.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.builder(model)
 *         .optimizer(Sgd.builder().lr(0.01).momentum(0.9).build())
 *         .batching(Batching.miniBatch(10).seed(1))
 *         .stopWhen(StopRule.maxEpochs(20))
 *         .build();
 * History h = trainer.fit(Dataset.of("x", x, "y", y));
 * }</pre>
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final CompiledModel model;
    private final Optimizer optimizer;
    private final Batching batching;
    private final @Nullable LrSchedule schedule;
    private final GradientClipping clipping;
    private final StopRule stopRule;
    private final NonFinitePolicy nonFinite;
    private final int trajectoryStride;
    private final List<StepListener> stepListeners;
    private final List<EpochListener> epochListeners;
    private final @Nullable EpochEvaluator evaluator;
    private final History history = new History();
    private final double[] baseLrs;
    private final @Nullable ExtraInputs extraInputs;
    private final Map<String, INDArray> combined = new HashMap<>();

    private @Nullable BatchSampler sampler;
    private @Nullable BatchGatherer gatherer;
    private @Nullable Dataset boundData;
    private long step;
    private long epoch;
    private long totalSamples;
    private double epochLossSum;
    private long epochSamples;
    private long epochSteps;
    private @Nullable EpochRecord lastEpoch;
    private @Nullable Map<String, INDArray> previousParams;
    private boolean noData;
    private @Nullable SamplerState pendingSampler;

    private Trainer(Builder b) {
        this.model = b.model;
        this.optimizer = Optimizer.create(Objects.requireNonNull(b.rule, "optimizer"), model.parameters(), b.groups);
        this.batching = b.batching;
        this.schedule = b.schedule;
        this.clipping = b.clipping;
        this.stopRule = b.stopRule;
        this.nonFinite = b.nonFinite;
        this.trajectoryStride = b.trajectoryStride;
        this.stepListeners = List.copyOf(b.stepListeners);
        this.epochListeners = List.copyOf(b.epochListeners);
        this.evaluator = b.evaluator;
        this.extraInputs = b.extraInputs;
        this.baseLrs = new double[optimizer.groupCount()];
        for (int i = 0; i < baseLrs.length; i++) {
            baseLrs[i] = optimizer.baseLr(i);
        }
    }

    public static Builder builder(CompiledModel model) {
        return new Builder(model);
    }

    /** Trains on {@code data} until the stop rule fires; returns the (cumulative) history. */
    public History fit(Dataset data) {
        bind(data);
        if (trajectoryStride > 0 && history.trajectory().isEmpty()) {
            snapshot();
        }
        while (true) {
            String reason = runStep();
            if (reason != null) {
                history.setStopReason(reason);
                LOG.debug("training stopped after {} steps: {}", step, reason);
                return history;
            }
        }
    }

    /**
     * Trains a data-free objective (such as minimising {@code a² + b²}) until the stop rule fires;
     * every step is one full-batch step over no samples.
     */
    public History fit() {
        if (!model.inputNames().isEmpty()) {
            throw new DescentException("This model's loss needs inputs " + model.inputNames()
                    + "; call fit(Dataset) with those arrays.");
        }
        if (sampler == null) {
            sampler = Batching.fullBatch().sampler(1);
        }
        noData = true;
        if (trajectoryStride > 0 && history.trajectory().isEmpty()) {
            snapshot();
        }
        while (true) {
            String reason = runStep();
            if (reason != null) {
                history.setStopReason(reason);
                return history;
            }
        }
    }

    /** Runs exactly one step on {@code data} (no stop rule); returns its record. */
    public StepRecord step(Dataset data) {
        bind(data);
        runStep();
        return history.steps().get(history.steps().size() - 1);
    }

    private void bind(Dataset data) {
        if (noData) {
            throw new DescentException("This trainer runs a data-free objective; call fit() without data.");
        }
        if (boundData != data) {
            if (sampler != null && boundData != null && boundData.size() != data.size()) {
                throw new DescentException("This trainer was started on " + boundData.size() + " samples and is now given "
                        + data.size() + "; a trainer continues one run. Fix: build a new Trainer for the new data.");
            }
            if (sampler == null) {
                sampler = batching.sampler(data.size());
                if (pendingSampler != null) {
                    sampler.restore(pendingSampler);
                    pendingSampler = null;
                }
            }
            gatherer = new BatchGatherer(data);
            boundData = data;
        }
    }

    /** One step; returns a stop reason or null. */
    private @Nullable String runStep() {
        BatchSampler s = Objects.requireNonNull(sampler);
        applySchedule();
        int[] idx = s.next();
        boolean epochEnded = s.endOfEpoch();
        Map<String, INDArray> batch = noData ? Map.of() : Objects.requireNonNull(gatherer).gather(idx);
        int samples = noData ? 0 : idx.length;
        if (extraInputs != null) {
            combined.clear();
            combined.putAll(batch);
            combined.putAll(extraInputs.forStep(step, idx.length));
            batch = combined;
        }
        double loss = model.computeGradients(batch);
        Map<String, INDArray> grads = model.gradients();
        double gradNorm = clipping.apply(grads);
        boolean finite = Double.isFinite(loss) && Double.isFinite(gradNorm);
        String stop = null;
        boolean skipped = false;
        if (!finite) {
            String what = !Double.isFinite(loss) ? "loss is " + loss : "gradient norm is " + gradNorm;
            switch (nonFinite) {
                case FAIL:
                    throw new NonFiniteException("Non-finite value at step " + step + ": the " + what
                            + ". The parameters are those from before this step. Fix: lower the learning rate, check "
                            + "the data for NaN/inf, or clip gradients; or choose NonFinitePolicy.SKIP/STOP.", step);
                case STOP:
                    stop = "non-finite " + what + " at step " + step;
                    skipped = true;
                    break;
                case SKIP:
                    skipped = true;
                    LOG.warn("skipping step {}: {}", step, what);
                    break;
                default:
                    throw new IllegalStateException();
            }
        }
        boolean trackChange = stopRule.needsParamChange();
        if (trackChange && !skipped) {
            rememberParams();
        }
        if (!skipped) {
            optimizer.step(grads);
        }
        totalSamples += samples;
        StepRecord record = new StepRecord(step, epoch, loss, optimizer.lr(0), samples, totalSamples, gradNorm, skipped);
        history.addStep(record);
        step++;
        if (Double.isFinite(loss)) {
            epochLossSum += loss * Math.max(samples, 1);
            epochSamples += Math.max(samples, 1);
        }
        epochSteps++;
        for (StepListener l : stepListeners) {
            l.onStep(record);
        }
        if (trajectoryStride > 0 && step % trajectoryStride == 0) {
            snapshot();
        }
        if (epochEnded) {
            endEpoch();
        }
        if (stop != null) {
            return stop;
        }
        double change = trackChange && !skipped ? paramChange() : Double.NaN;
        return stopRule.check(new TrainingStatus(step, epoch, record, epochEnded, lastEpoch, change));
    }

    private void applySchedule() {
        if (schedule == null) {
            return;
        }
        long t = schedule.unit() == LrSchedule.Unit.STEP ? step : epoch;
        for (int i = 0; i < baseLrs.length; i++) {
            optimizer.setLr(i, schedule.lr(baseLrs[i], t));
        }
    }

    private void endEpoch() {
        double mean = epochSamples == 0 ? Double.NaN : epochLossSum / epochSamples;
        Map<String, Double> metrics = evaluator == null ? Map.of() : evaluator.evaluate(epoch);
        EpochRecord rec = new EpochRecord(epoch, epochSteps, mean, metrics);
        history.addEpoch(rec);
        lastEpoch = rec;
        if (schedule != null) {
            schedule.observe(epoch, metrics.getOrDefault("val_loss", mean));
        }
        epoch++;
        epochLossSum = 0;
        epochSamples = 0;
        epochSteps = 0;
        for (EpochListener l : epochListeners) {
            l.onEpoch(rec);
        }
    }

    private void rememberParams() {
        if (previousParams == null) {
            previousParams = new HashMap<>();
            model.parameters().forEach((k, v) -> previousParams.put(k, v.dup()));
        } else {
            model.parameters().forEach((k, v) -> previousParams.get(k).assign(v));
        }
    }

    private double paramChange() {
        double diff2 = 0;
        double norm2 = 0;
        for (Map.Entry<String, INDArray> e : model.parameters().entrySet()) {
            INDArray prev = Objects.requireNonNull(previousParams).get(e.getKey());
            double d = e.getValue().distance2(prev);
            double n = e.getValue().norm2Number().doubleValue();
            diff2 += d * d;
            norm2 += n * n;
        }
        return Math.sqrt(diff2) / Math.max(Math.sqrt(norm2), 1.0);
    }

    private void snapshot() {
        Map<String, float[]> values = new LinkedHashMap<>();
        model.parameters().forEach((k, v) -> values.put(k, v.dup().data().asFloat()));
        history.addSnapshot(new History.Snapshot(step, values));
    }

    /** A deep copy of the run's state, for checkpoints; resuming from it continues bit-identically. */
    public TrainingState exportState() {
        Map<String, INDArray> params = new LinkedHashMap<>();
        model.parameters().forEach((k, v) -> params.put(k, v.dup()));
        // a state restored before the first fit is still pending: export it, or it would be lost
        SamplerState samplerState = sampler != null ? sampler.state() : pendingSampler;
        return new TrainingState(step, epoch, totalSamples, epochLossSum, epochSamples, epochSteps, params,
                optimizer.exportState(), samplerState, schedule == null ? null : schedule.exportState());
    }

    /**
     * Restores a state exported from a trainer of the same model and configuration (in this JVM or
     * read back from a checkpoint file). The next {@link #fit} continues exactly where it stopped.
     * Everything is checked before anything changes: a state that does not fit leaves this trainer
     * as it was.
     *
     * @throws IllegalArgumentException if the parameters, optimizer groups or batching differ
     */
    public void restoreState(TrainingState s) {
        Map<String, INDArray> live = model.parameters();
        if (!s.params().keySet().equals(live.keySet())) {
            throw new IllegalArgumentException("Training state holds parameters " + s.params().keySet()
                    + " but this model has " + live.keySet() + "; resume with the model the state was saved from");
        }
        for (Map.Entry<String, INDArray> e : live.entrySet()) {
            long[] saved = s.params().get(e.getKey()).shape();
            if (!java.util.Arrays.equals(saved, e.getValue().shape())) {
                throw new IllegalArgumentException("Training state has parameter '" + e.getKey() + "' of shape "
                        + java.util.Arrays.toString(saved) + " but this model's is "
                        + java.util.Arrays.toString(e.getValue().shape()) + "; resume with the same architecture");
            }
        }
        SamplerState ss = s.sampler();
        if (ss != null && !ss.batching().equals(batching.describe())) {
            throw new IllegalArgumentException("Training state was saved with batching \"" + ss.batching()
                    + "\" but this trainer uses \"" + batching.describe() + "\"; resume with the same batching");
        }
        if (ss != null && sampler != null) {
            sampler.restore(ss); // validates before it changes anything
        }
        optimizer.restoreState(s.optimizer()); // validates names and groups before it changes anything
        model.setParameters(s.params());
        step = s.step();
        epoch = s.epoch();
        totalSamples = s.totalSamples();
        epochLossSum = s.epochLossSum();
        epochSamples = s.epochSamples();
        epochSteps = s.epochSteps();
        pendingSampler = sampler == null ? ss : null;
        if (schedule != null && s.scheduleState() != null) {
            schedule.importState(s.scheduleState());
        }
    }

    public History history() {
        return history;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public CompiledModel model() {
        return model;
    }

    /** Steps run so far. */
    public long steps() {
        return step;
    }

    /** Epochs completed so far. */
    public long epochs() {
        return epoch;
    }

    /** Configures a {@link Trainer}; {@link #build()} validates. */
    public static final class Builder {
        private final CompiledModel model;
        private @Nullable UpdateRule rule;
        private List<ParamGroup> groups = List.of();
        private Batching batching = Batching.fullBatch();
        private @Nullable LrSchedule schedule;
        private GradientClipping clipping = GradientClipping.none();
        private @Nullable StopRule stopRule;
        private NonFinitePolicy nonFinite = NonFinitePolicy.FAIL;
        private int trajectoryStride;
        private final List<StepListener> stepListeners = new ArrayList<>();
        private final List<EpochListener> epochListeners = new ArrayList<>();
        private @Nullable EpochEvaluator evaluator;
        private @Nullable ExtraInputs extraInputs;

        private Builder(CompiledModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** The update rule (defaults for every group). */
        public Builder optimizer(UpdateRule rule) {
            this.rule = Objects.requireNonNull(rule, "rule");
            return this;
        }

        /** Parameter groups with per-group overrides (torch keyword names). */
        public Builder groups(List<ParamGroup> groups) {
            this.groups = List.copyOf(groups);
            return this;
        }

        /** How each step's samples are drawn; default full batch (GD). */
        public Builder batching(Batching batching) {
            this.batching = Objects.requireNonNull(batching, "batching");
            return this;
        }

        public Builder schedule(LrSchedule schedule) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            return this;
        }

        public Builder clipping(GradientClipping clipping) {
            this.clipping = Objects.requireNonNull(clipping, "clipping");
            return this;
        }

        /** When to stop; rules combine with {@link StopRule#or}. Required. */
        public Builder stopWhen(StopRule rule) {
            this.stopRule = this.stopRule == null ? rule : this.stopRule.or(rule);
            return this;
        }

        public Builder maxSteps(long n) {
            return stopWhen(StopRule.maxSteps(n));
        }

        public Builder maxEpochs(long n) {
            return stopWhen(StopRule.maxEpochs(n));
        }

        public Builder nonFinite(NonFinitePolicy policy) {
            this.nonFinite = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** Record the parameters every {@code stride} steps (0 = never). */
        public Builder trajectoryStride(int stride) {
            if (stride < 0) {
                throw new IllegalArgumentException("Invalid trajectory stride: " + stride + " (must be >= 0; 0 turns recording off)");
            }
            this.trajectoryStride = stride;
            return this;
        }

        public Builder onStep(StepListener l) {
            stepListeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        public Builder onEpoch(EpochListener l) {
            epochListeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        public Builder evaluator(EpochEvaluator e) {
            this.evaluator = Objects.requireNonNull(e, "evaluator");
            return this;
        }

        /** Inputs added to every step's batch (e.g. dropout masks). */
        public Builder extraInputs(ExtraInputs extra) {
            this.extraInputs = Objects.requireNonNull(extra, "extra");
            return this;
        }

        public Trainer build() {
            if (rule == null) {
                throw new IllegalArgumentException("A trainer needs an optimizer: call optimizer(Sgd.of(0.01)) or another rule");
            }
            if (stopRule == null) {
                throw new IllegalArgumentException("A trainer needs a stop rule, or it would never stop: call maxSteps(n), "
                        + "maxEpochs(n) or stopWhen(rule)");
            }
            return new Trainer(this);
        }
    }
}

package dev.descent.train;

import dev.descent.DescentException;
import dev.descent.compile.CompiledModel;
import dev.descent.data.BatchGatherer;
import dev.descent.data.BatchSampler;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.data.SamplerState;
import dev.descent.optim.Optimizer;
import dev.descent.schedule.LrSchedule;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs gradient descent on a compiled model as a {@link TrainingPlan} says: each step draws its
 * samples from the plan's {@link Batching} (all of them: GD; one at random: SGD; a mini-batch),
 * runs the step ({@link StepRunner}: loss, gradients, clipping, non-finite policy, update), records
 * it ({@link RunRecorder}: history, epochs, listeners), then checks the stop rule. Calling
 * {@link #fit} again continues where the last call stopped.
 *
 * <pre>{@code
 * Trainer trainer = Trainer.create(model, TrainingPlan.builder()
 *         .optimizer(Sgd.builder().lr(0.01).momentum(0.9).build())
 *         .miniBatch(10).seed(1)
 *         .epochs(20)
 *         .build());
 * History h = trainer.fit(Dataset.of("x", x, "y", y));
 * }</pre>
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final CompiledModel model;
    private final TrainingPlan plan;
    private final Optimizer optimizer;
    private final StepRunner stepper;
    private final RunRecorder recorder;
    private final @Nullable EarlyStopper earlyStopper;

    private @Nullable BatchSampler sampler;
    private @Nullable BatchGatherer gatherer;
    private @Nullable Dataset boundData;
    private boolean noData;
    private @Nullable SamplerState pendingSampler;
    private long lastCheckpointStep = -1;

    private Trainer(CompiledModel model, TrainingPlan plan) {
        this.model = Objects.requireNonNull(model, "model");
        this.plan = Objects.requireNonNull(plan, "plan");
        this.optimizer = Optimizer.create(plan.rule(), model.parameters(), plan.groups());
        this.stepper = new StepRunner(model, optimizer, plan);
        this.recorder = new RunRecorder(model, plan);
        EarlyStopping early = plan.earlyStopping();
        this.earlyStopper = early == null ? null : new EarlyStopper(early, model.parameters());
    }

    /** A trainer of {@code model} following {@code plan}; the plan's groups must name the model's parameters. */
    public static Trainer create(CompiledModel model, TrainingPlan plan) {
        return new Trainer(model, plan);
    }

    /** Trains on {@code data} until the stop rule fires; returns the (cumulative) history. */
    public History fit(Dataset data) {
        bind(data);
        return run();
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
        return run();
    }

    /** Runs exactly one step on {@code data} (no stop rule, no checkpoint); returns its record. */
    public StepRecord step(Dataset data) {
        bind(data);
        runStep();
        return recorder.history().steps().get(recorder.history().steps().size() - 1);
    }

    private History run() {
        recorder.snapshotStart();
        History history = recorder.history();
        String done = plan.lengthReached(recorder.step(), recorder.epoch());
        if (done != null) {
            history.setStopReason(done);
            return history;
        }
        while (true) {
            String reason = runStep();
            if (reason != null) {
                history.setStopReason(reason);
                LOG.debug("training stopped after {} steps: {}", recorder.step(), reason);
                if (lastCheckpointStep != recorder.step()) {
                    checkpoint();
                }
                return history;
            }
        }
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
                sampler = plan.batching().sampler(data.size());
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
        stepper.applySchedule(recorder.step(), recorder.epoch());
        int[] idx = s.next();
        boolean epochEnded = s.endOfEpoch();
        Map<String, INDArray> batch = noData ? Map.of() : Objects.requireNonNull(gatherer).gather(idx);
        StepRunner.Outcome outcome = stepper.run(batch, recorder.step(), idx.length);
        TrainingStatus status = recorder.recordStep(outcome, noData ? 0 : idx.length, optimizer.lr(0), epochEnded);
        EpochRecord ended = status.lastEpoch();
        // before the step-end listeners and the checkpoint: they see the parameters the run ends with
        String early = earlyStopper != null && status.epochEnded() && ended != null ? earlyStopper.epochEnded(ended) : null;
        recorder.stepEnded(status);
        if (plan.checkpointWriter() != null && status.steps() % plan.checkpointEvery() == 0) {
            checkpoint();
        }
        if (outcome.stopReason() != null) {
            return outcome.stopReason();
        }
        return early != null ? early : plan.stopRule().check(status);
    }

    private void checkpoint() {
        CheckpointWriter writer = plan.checkpointWriter();
        if (writer != null) {
            writer.write(this);
            lastCheckpointStep = recorder.step();
        }
    }

    /** A deep copy of the run's state, for checkpoints; resuming from it continues bit-identically. */
    public TrainingState exportState() {
        Map<String, INDArray> params = new LinkedHashMap<>();
        // running statistics travel with the parameters
        model.parametersAndBuffers().forEach((k, v) -> params.put(k, v.dup()));
        // a state restored before the first fit is still pending: export it, or it would be lost
        SamplerState samplerState = sampler != null ? sampler.state() : pendingSampler;
        LrSchedule schedule = plan.schedule();
        return recorder.export(params, optimizer.exportState(), samplerState, schedule == null ? null : schedule.exportState());
    }

    /**
     * Restores a state exported from a trainer of the same model and plan (in this JVM or read back
     * from a checkpoint file). The next {@link #fit} continues exactly where it stopped. Everything
     * is checked before anything changes: a state that does not fit leaves this trainer as it was.
     *
     * @throws IllegalArgumentException if the parameters, optimizer groups or batching differ
     */
    public void restoreState(TrainingState s) {
        Map<String, INDArray> live = model.parametersAndBuffers();
        if (!s.params().keySet().equals(live.keySet())) {
            throw new IllegalArgumentException("Training state holds parameters " + s.params().keySet()
                    + " but this model has " + live.keySet() + "; resume with the model the state was saved from");
        }
        for (Map.Entry<String, INDArray> e : live.entrySet()) {
            long[] saved = s.params().get(e.getKey()).shape();
            if (!Arrays.equals(saved, e.getValue().shape())) {
                throw new IllegalArgumentException("Training state has parameter '" + e.getKey() + "' of shape "
                        + Arrays.toString(saved) + " but this model's is " + Arrays.toString(e.getValue().shape())
                        + "; resume with the same architecture");
            }
        }
        SamplerState ss = s.sampler();
        if (ss != null && !ss.batching().equals(plan.batching().describe())) {
            throw new IllegalArgumentException("Training state was saved with batching \"" + ss.batching()
                    + "\" but this trainer uses \"" + plan.batching().describe() + "\"; resume with the same batching");
        }
        // the schedule validates its state as it imports it: first, and put back if a later check fails
        LrSchedule schedule = plan.schedule();
        @Nullable Map<String, Double> scheduleBefore = schedule == null ? null : schedule.exportState();
        if (schedule != null && s.scheduleState() != null) {
            schedule.importState(s.scheduleState());
        }
        try {
            if (ss != null && sampler != null) {
                sampler.restore(ss); // validates before it changes anything
            }
            optimizer.restoreState(s.optimizer()); // validates names and groups before it changes anything
        } catch (RuntimeException e) {
            if (schedule != null && scheduleBefore != null) {
                schedule.importState(scheduleBefore);
            }
            throw e;
        }
        model.setParametersAndBuffers(s.params());
        recorder.restore(s);
        pendingSampler = sampler == null ? ss : null;
        lastCheckpointStep = recorder.step();
    }

    public History history() {
        return recorder.history();
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public CompiledModel model() {
        return model;
    }

    /** The plan this trainer follows. */
    public TrainingPlan plan() {
        return plan;
    }

    /** Steps run so far. */
    public long steps() {
        return recorder.step();
    }

    /** Epochs completed so far. */
    public long epochs() {
        return recorder.epoch();
    }
}

package dev.descent.train;

import dev.descent.compile.CompiledModel;
import dev.descent.schedule.LrSchedule;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What a run records and tells: the step and epoch counters, the history (steps, epochs, the
 * parameter trajectory), the epoch's mean loss and metrics, and the listeners of the plan.
 */
final class RunRecorder {
    private final CompiledModel model;
    private final TrainingPlan plan;
    private final History history = new History();

    private long step;
    private long epoch;
    private long totalSamples;
    private double epochLossSum;
    private long epochSamples;
    private long epochSteps;
    private @Nullable EpochRecord lastEpoch;

    RunRecorder(CompiledModel model, TrainingPlan plan) {
        this.model = model;
        this.plan = plan;
    }

    History history() {
        return history;
    }

    long step() {
        return step;
    }

    long epoch() {
        return epoch;
    }

    /** Records the parameters now, if the plan records a trajectory and none was recorded yet (the start). */
    void snapshotStart() {
        if (plan.trajectoryStride() > 0 && history.trajectory().isEmpty()) {
            snapshot();
        }
    }

    /**
     * Records a finished step ({@code samples} samples, the learning rate it used) and tells the
     * step listeners; ends the epoch when the step ended it. Returns what stop rules see.
     */
    TrainingStatus recordStep(StepRunner.Outcome o, int samples, double lr, boolean epochEnded) {
        totalSamples += samples;
        StepRecord record = new StepRecord(step, epoch, o.loss(), lr, samples, totalSamples, o.gradNorm(), o.skipped());
        history.addStep(record);
        step++;
        if (Double.isFinite(o.loss())) {
            // a data-free step counts as one sample, so its loss still averages into the epoch's
            epochLossSum += o.loss() * Math.max(samples, 1);
            epochSamples += Math.max(samples, 1);
        }
        epochSteps++;
        for (StepListener l : plan.stepListeners()) {
            l.onStep(record);
        }
        if (plan.trajectoryStride() > 0 && step % plan.trajectoryStride() == 0) {
            snapshot();
        }
        if (epochEnded) {
            endEpoch();
        }
        return new TrainingStatus(step, epoch, record, epochEnded, lastEpoch, o.paramChange());
    }

    /** Tells the step-end listeners that the step {@code status} describes is complete. */
    void stepEnded(TrainingStatus status) {
        for (StepEndListener l : plan.stepEndListeners()) {
            l.onStepEnd(status);
        }
    }

    private void endEpoch() {
        double mean = epochSamples == 0 ? Double.NaN : epochLossSum / epochSamples;
        EpochEvaluator evaluator = plan.evaluator();
        Map<String, Double> metrics = evaluator == null ? Map.of() : evaluator.evaluate(epoch);
        EpochRecord rec = new EpochRecord(epoch, epochSteps, mean, metrics);
        history.addEpoch(rec);
        lastEpoch = rec;
        LrSchedule schedule = plan.schedule();
        if (schedule != null) {
            schedule.observe(epoch, metrics.getOrDefault("val_loss", mean));
        }
        epoch++;
        epochLossSum = 0;
        epochSamples = 0;
        epochSteps = 0;
        for (EpochListener l : plan.epochListeners()) {
            l.onEpoch(rec);
        }
    }

    private void snapshot() {
        Map<String, float[]> values = new LinkedHashMap<>();
        model.parameters().forEach((k, v) -> values.put(k, v.dup().data().asFloat()));
        history.addSnapshot(new History.Snapshot(step, values));
    }

    /** A state of the run: these counters with the other parts' states. */
    TrainingState export(Map<String, org.nd4j.linalg.api.ndarray.INDArray> params, dev.descent.optim.OptimizerState optimizer,
            dev.descent.data.@Nullable SamplerState sampler, @Nullable Map<String, Double> schedule) {
        return new TrainingState(step, epoch, totalSamples, epochLossSum, epochSamples, epochSteps, params, optimizer,
                sampler, schedule);
    }

    /** Takes the counters of a restored state. */
    void restore(TrainingState s) {
        step = s.step();
        epoch = s.epoch();
        totalSamples = s.totalSamples();
        epochLossSum = s.epochLossSum();
        epochSamples = s.epochSamples();
        epochSteps = s.epochSteps();
    }
}

package dev.descent.train;

import dev.descent.compile.CompiledModel;
import dev.descent.optim.Optimizer;
import dev.descent.schedule.LrSchedule;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One training step on a gathered batch: the learning rate for this step, loss and gradients,
 * clipping, the non-finite policy, the update. Knows nothing of epochs, history or listeners.
 */
final class StepRunner {
    private static final Logger LOG = LoggerFactory.getLogger(StepRunner.class);

    private final CompiledModel model;
    private final Optimizer optimizer;
    private final TrainingPlan plan;
    private final Map<String, INDArray> combined = new HashMap<>();
    private @Nullable Map<String, INDArray> previousParams;

    /** What a step did: its loss and gradient norm, whether it was skipped, why the run must stop (or null). */
    record Outcome(double loss, double gradNorm, boolean skipped, @Nullable String stopReason, double paramChange) {
    }

    StepRunner(CompiledModel model, Optimizer optimizer, TrainingPlan plan) {
        this.model = model;
        this.optimizer = optimizer;
        this.plan = plan;
    }

    /** Sets every group's learning rate for step {@code step} of epoch {@code epoch} from the schedule, if any. */
    void applySchedule(long step, long epoch) {
        LrSchedule schedule = plan.schedule();
        if (schedule == null) {
            return;
        }
        long t = schedule.unit() == LrSchedule.Unit.STEP ? step : epoch;
        for (int i = 0; i < optimizer.groupCount(); i++) {
            // the optimizer owns the rates: the base is its group's rule's, the current one its group's
            optimizer.setLr(i, schedule.lr(optimizer.baseLr(i), t));
        }
    }

    /** Runs step {@code step} on {@code batch} ({@code batchSize} samples). */
    Outcome run(Map<String, INDArray> batch, long step, int batchSize) {
        ExtraInputs extra = plan.extraInputs();
        if (extra != null) {
            combined.clear();
            combined.putAll(batch);
            combined.putAll(extra.forStep(step, batchSize));
            batch = combined;
        }
        double loss = model.computeGradients(batch);
        Map<String, INDArray> grads = model.gradients();
        double gradNorm = plan.clipping().apply(grads);
        String stop = null;
        boolean skipped = false;
        if (!(Double.isFinite(loss) && Double.isFinite(gradNorm))) {
            String what = !Double.isFinite(loss) ? "loss is " + loss : "gradient norm is " + gradNorm;
            switch (plan.nonFinite()) {
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
        boolean trackChange = plan.stopRule().needsParamChange() && !skipped;
        if (trackChange) {
            rememberParams();
        }
        if (!skipped) {
            optimizer.step(grads);
        }
        return new Outcome(loss, gradNorm, skipped, stop, trackChange ? paramChange() : Double.NaN);
    }

    private void rememberParams() {
        if (previousParams == null) {
            previousParams = new HashMap<>();
            model.parameters().forEach((k, v) -> previousParams.put(k, v.dup()));
        } else {
            model.parameters().forEach((k, v) -> previousParams.get(k).assign(v));
        }
    }

    /** {@code ‖Δθ‖ / max(‖θ‖, 1)} over all parameters (Spark MLlib's convergence measure). */
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
}

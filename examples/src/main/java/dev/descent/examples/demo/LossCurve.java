package dev.descent.examples.demo;

import dev.descent.dsl.Model;
import dev.descent.data.Dataset;
import dev.descent.train.StepListener;
import dev.descent.train.StepRecord;
import java.util.Arrays;

/**
 * Records the loss on the whole data set while a model trains, at checkpoints spread both evenly
 * and geometrically over the run (so the curve reads well on a linear and on a log axis).
 *
 * <p>Why not the history's per-step loss: that is the loss of the step's own batch, which for SGD
 * is one sample's and jumps by orders of magnitude; the full-data loss is the same yardstick for
 * GD, SGD and mini-batches. Its evaluation time is tallied apart so it can be left out of the
 * training time.
 */
final class LossCurve implements StepListener {
    /** Evenly spaced checkpoints per run, on top of the geometric ones. */
    private static final int EVEN_POINTS = 200;
    private static final int GEOMETRIC_POINTS = 80;

    private final Model model;
    private final Dataset full;
    private final boolean[] record;
    private final double[] steps;
    private final double[] samples;
    private final double[] losses;
    private int n;
    private long evalNanos;

    /** A curve for a run of {@code totalSteps}; starts with the loss before training. */
    LossCurve(Model model, Dataset full, long totalSteps) {
        this.model = model;
        this.full = full;
        this.record = checkpoints((int) totalSteps);
        int capacity = 1;
        for (boolean b : record) {
            capacity += b ? 1 : 0;
        }
        steps = new double[capacity];
        samples = new double[capacity];
        losses = new double[capacity];
        add(0, 0);
    }

    static boolean[] checkpoints(int total) {
        boolean[] r = new boolean[total + 1];
        int stride = Math.max(1, total / EVEN_POINTS);
        for (int k = stride; k <= total; k += stride) {
            r[k] = true;
        }
        double ratio = Math.pow(Math.max(total, 2), 1.0 / GEOMETRIC_POINTS);
        for (double k = 1; k <= total; k *= ratio) {
            r[(int) Math.round(k)] = true;
        }
        r[total] = true;
        r[0] = false; // the initial point is added separately
        return r;
    }

    @Override
    public void onStep(StepRecord r) {
        int done = (int) r.step() + 1;
        if (done < record.length && record[done]) {
            add(done, r.totalSamples());
        }
    }

    private void add(long done, long seen) {
        long t0 = System.nanoTime();
        double loss = model.evaluate(full).get("loss");
        evalNanos += System.nanoTime() - t0;
        steps[n] = done;
        samples[n] = seen;
        losses[n] = loss;
        n++;
    }

    /** Steps done at each checkpoint (0 = before training). */
    double[] steps() {
        return Arrays.copyOf(steps, n);
    }

    /** Samples processed at each checkpoint. */
    double[] samples() {
        return Arrays.copyOf(samples, n);
    }

    /** Full-data loss at each checkpoint. */
    double[] losses() {
        return Arrays.copyOf(losses, n);
    }

    /** Time spent evaluating the curve, to subtract from the training time. */
    long evalNanos() {
        return evalNanos;
    }
}

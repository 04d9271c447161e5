package dev.descent.dsl.chart;

import dev.descent.train.EpochRecord;
import dev.descent.train.History;
import dev.descent.train.StepRecord;
import java.util.List;
import java.util.Objects;

/**
 * Turns a training {@link History} into plottable {@link Series}: the batch loss against the step
 * or against the samples processed, per-epoch values against the epoch, and a parameter
 * trajectory for a {@link dev.descent.dsl.plot.SurfacePlot}.
 *
 * <pre>{@code
 * Chart chart = LinePlot.builder().logY(true).xLabel("samples processed")
 *         .series(HistorySeries.lossVsSamples("GD", gd))
 *         .series(HistorySeries.lossVsSamples("SGD", sgd))
 *         .build();
 * Chart bowl = SurfacePlot.builder().function((x, y) -> x * x + y * y).xRange(-2, 2).yRange(-2, 2)
 *         .trajectory(HistorySeries.trajectory("GD", h, "x", "y"))
 *         .build();
 * }</pre>
 */
public final class HistorySeries {
    private HistorySeries() {}

    /** Each step's batch loss (computed before its update) against the 0-based step index. */
    public static Series lossVsStep(String name, History history) {
        List<StepRecord> steps = nonEmpty(history).steps();
        double[] x = new double[steps.size()];
        double[] y = new double[steps.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = steps.get(i).step();
            y[i] = steps.get(i).loss();
        }
        return new Series(name, x, y);
    }

    /**
     * Each step's batch loss against the samples processed before that step (0 for the first),
     * the source material's cost measure: GD pays N samples per step, SGD one.
     */
    public static Series lossVsSamples(String name, History history) {
        List<StepRecord> steps = nonEmpty(history).steps();
        double[] x = new double[steps.size()];
        double[] y = new double[steps.size()];
        for (int i = 0; i < x.length; i++) {
            StepRecord r = steps.get(i);
            x[i] = r.totalSamples() - r.samples();
            y[i] = r.loss();
        }
        return new Series(name, x, y);
    }

    /** The mean training loss of every epoch, against the epoch numbered from 1. */
    public static Series epochLoss(String name, History history) {
        return Series.indexed(name, epochs(history, "epoch loss").stream().mapToDouble(EpochRecord::meanLoss).toArray(), 1);
    }

    /**
     * An epoch metric such as {@code "val_accuracy"} against the epoch numbered from 1 (NaN, so
     * not drawn, where an epoch lacks it).
     *
     * @throws IllegalArgumentException if no epoch recorded {@code metric} (the message lists those recorded)
     */
    public static Series epochMetric(String name, History history, String metric) {
        Objects.requireNonNull(metric, "metric");
        List<EpochRecord> epochs = epochs(history, "metric '" + metric + "'");
        if (epochs.stream().noneMatch(e -> e.metrics().containsKey(metric))) {
            throw new IllegalArgumentException("No epoch recorded the metric '" + metric + "'; the history holds "
                    + epochs.get(epochs.size() - 1).metrics().keySet()
                    + ". Fix: pass a validation set and metrics to the training, or use one of those names.");
        }
        return Series.indexed(name, history.epochMetric(metric), 1);
    }

    /**
     * The path of two scalar parameters through the recorded snapshots (record them with
     * {@code trajectoryStride(1)}), in order: point {@code i} is ({@code xParam}, {@code yParam})
     * after snapshot {@code i}'s step. A parameter with several elements contributes its first.
     *
     * @throws IllegalArgumentException if the history has no snapshots or lacks a parameter
     */
    public static Series trajectory(String name, History history, String xParam, String yParam) {
        Objects.requireNonNull(history, "history");
        List<History.Snapshot> snaps = history.trajectory();
        if (snaps.isEmpty()) {
            throw new IllegalArgumentException("The history of '" + name + "' has no parameter snapshots; train with "
                    + "trajectoryStride(1) (or another stride) to record the path");
        }
        double[] x = new double[snaps.size()];
        double[] y = new double[snaps.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = first(snaps.get(i), xParam);
            y[i] = first(snaps.get(i), yParam);
        }
        return new Series(name, x, y);
    }

    private static double first(History.Snapshot s, String param) {
        float[] v = s.params().get(param);
        if (v == null || v.length == 0) {
            throw new IllegalArgumentException("No parameter '" + param + "' in the recorded trajectory; it holds "
                    + s.params().keySet());
        }
        return v[0];
    }

    private static History nonEmpty(History history) {
        Objects.requireNonNull(history, "history");
        if (history.steps().isEmpty()) {
            throw new IllegalArgumentException("The history has no steps yet; train before plotting it");
        }
        return history;
    }

    private static List<EpochRecord> epochs(History history, String what) {
        Objects.requireNonNull(history, "history");
        List<EpochRecord> epochs = history.epochs();
        if (epochs.isEmpty()) {
            throw new IllegalArgumentException("Cannot plot the " + what + ": the history has no completed epoch yet");
        }
        return epochs;
    }
}

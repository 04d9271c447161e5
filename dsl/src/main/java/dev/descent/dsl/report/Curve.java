package dev.descent.dsl.report;

import dev.descent.train.EpochRecord;
import dev.descent.train.History;
import dev.descent.train.StepRecord;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One named line of a {@link LineChart}: points {@code (x[i], y[i])}, drawn in order. Non-finite
 * points are kept but not drawn; on a log axis neither are points at or below zero. The arrays are
 * copied on the way in and out.
 *
 * <pre>{@code
 * Curve gd = Curve.lossVsSamples("GD", gdHistory);             // from a training History
 * Curve acc = Curve.epochMetric("validation", h, "val_accuracy");
 * Curve mine = new Curve("full-data loss", steps, losses);      // any numbers
 * }</pre>
 *
 * @param name legend label; not blank, unique within a chart
 * @param x x coordinates
 * @param y y coordinates, as many as {@code x}, at least one
 */
public record Curve(String name, double[] x, double[] y) {
    public Curve {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A curve's name must not be blank; it is the legend label, e.g. \"SGD lr=0.1\"");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("Curve '" + name + "': x has " + x.length + " points but y has " + y.length
                    + "; pass one x per y");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("Curve '" + name + "' has no points; record at least one value first");
        }
        x = x.clone();
        y = y.clone();
    }

    /** y against consecutive x values {@code first, first + 1, ...} (epochs from 1, steps from 0). */
    public static Curve indexed(String name, double[] y, int first) {
        Objects.requireNonNull(y, "y");
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (double) first + i;
        }
        return new Curve(name, x, y);
    }

    /** Each step's batch loss against the 0-based step index. */
    public static Curve lossVsStep(String name, History history) {
        List<StepRecord> steps = steps(name, history);
        double[] x = new double[steps.size()];
        double[] y = new double[steps.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = steps.get(i).step();
            y[i] = steps.get(i).loss();
        }
        return new Curve(name, x, y);
    }

    /**
     * Each step's batch loss against the samples processed before that step (0 for the first): the
     * cost measure on which GD (N samples a step) and SGD (one) compare fairly.
     */
    public static Curve lossVsSamples(String name, History history) {
        List<StepRecord> steps = steps(name, history);
        double[] x = new double[steps.size()];
        double[] y = new double[steps.size()];
        for (int i = 0; i < x.length; i++) {
            StepRecord r = steps.get(i);
            x[i] = r.totalSamples() - r.samples();
            y[i] = r.loss();
        }
        return new Curve(name, x, y);
    }

    /** Every epoch's mean training loss against the epoch numbered from 1. */
    public static Curve epochLoss(String name, History history) {
        return indexed(name, epochs(name, history).stream().mapToDouble(EpochRecord::meanLoss).toArray(), 1);
    }

    /**
     * An epoch metric such as {@code "val_loss"} or {@code "val_accuracy"} against the epoch numbered
     * from 1 (NaN, so not drawn, where an epoch lacks it).
     *
     * @throws IllegalArgumentException if no epoch recorded {@code metric} (the message lists those recorded)
     */
    public static Curve epochMetric(String name, History history, String metric) {
        Objects.requireNonNull(metric, "metric");
        List<EpochRecord> epochs = epochs(name, history);
        if (epochs.stream().noneMatch(e -> e.metrics().containsKey(metric))) {
            throw new IllegalArgumentException("Curve '" + name + "': no epoch recorded the metric '" + metric
                    + "'; the history holds " + epochs.get(epochs.size() - 1).metrics().keySet()
                    + ". Fix: pass a validation set and metrics to the training, or use one of those names.");
        }
        return indexed(name, history.epochMetric(metric), 1);
    }

    private static List<StepRecord> steps(String name, History history) {
        Objects.requireNonNull(history, "history");
        if (history.steps().isEmpty()) {
            throw new IllegalArgumentException("Curve '" + name + "': the history has no steps yet; train before reporting it");
        }
        return history.steps();
    }

    private static List<EpochRecord> epochs(String name, History history) {
        Objects.requireNonNull(history, "history");
        if (history.epochs().isEmpty()) {
            throw new IllegalArgumentException("Curve '" + name + "': the history has no completed epoch yet");
        }
        return history.epochs();
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    /** Number of points, non-finite ones included. */
    public int size() {
        return x.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Curve c && name.equals(c.name) && Arrays.equals(x, c.x) && Arrays.equals(y, c.y);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(x), Arrays.hashCode(y));
    }

    @Override
    public String toString() {
        return "Curve[" + name + ", " + x.length + " points]";
    }
}

package dev.descent.dsl.report;

import dev.descent.dsl.chart.HistorySeries;
import dev.descent.dsl.chart.Series;
import dev.descent.train.History;
import java.util.Arrays;
import java.util.Objects;

/**
 * An optimizer's path through two parameters, for a {@link SurfaceView}: after step {@code steps[i]}
 * the parameters were {@code (x[i], y[i])}. Non-finite points are kept but not drawn. The arrays are
 * copied on the way in and out.
 *
 * <pre>{@code
 * Trajectory gd = Trajectory.of("GD", history, "x", "y");   // train with trajectoryStride(1)
 * Trajectory mine = Trajectory.of("by hand", xs, ys);        // steps 0, 1, 2, ...
 * }</pre>
 *
 * @param name  legend label; not blank, unique within a view
 * @param steps the step count of each point (0 = before the first step)
 * @param x     the first parameter at each point
 * @param y     the second parameter at each point
 */
public record Trajectory(String name, long[] steps, double[] x, double[] y) {
    public Trajectory {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A trajectory's name must not be blank; it is the legend label, e.g. \"GD\"");
        }
        if (x.length != y.length || steps.length != x.length) {
            throw new IllegalArgumentException("Trajectory '" + name + "': " + steps.length + " steps, " + x.length + " x and "
                    + y.length + " y values; pass one step, x and y per point");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("Trajectory '" + name + "' has no points; record at least the start");
        }
        steps = steps.clone();
        x = x.clone();
        y = y.clone();
    }

    /** Points numbered as steps 0, 1, 2, ... */
    public static Trajectory of(String name, double[] x, double[] y) {
        Objects.requireNonNull(x, "x");
        long[] steps = new long[x.length];
        Arrays.setAll(steps, i -> i);
        return new Trajectory(name, steps, x, y);
    }

    /**
     * The path of two parameters through a history's snapshots (record them with
     * {@code trajectoryStride(1)}, or another stride); a parameter with several elements contributes
     * its first: {@link HistorySeries#trajectory}'s points, with their steps.
     *
     * @throws IllegalArgumentException if the history has no snapshots or lacks a parameter
     */
    public static Trajectory of(String name, History history, String xParam, String yParam) {
        Series path = HistorySeries.trajectory(name, history, xParam, yParam);
        long[] steps = history.trajectory().stream().mapToLong(History.Snapshot::step).toArray();
        return new Trajectory(name, steps, path.x(), path.y());
    }

    @Override
    public long[] steps() {
        return steps.clone();
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
        return o instanceof Trajectory t && name.equals(t.name) && Arrays.equals(steps, t.steps) && Arrays.equals(x, t.x)
                && Arrays.equals(y, t.y);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(steps), Arrays.hashCode(x), Arrays.hashCode(y));
    }

    @Override
    public String toString() {
        return "Trajectory[" + name + ", " + x.length + " points]";
    }
}

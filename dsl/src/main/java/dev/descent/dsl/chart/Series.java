package dev.descent.dsl.chart;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named line of a chart: points {@code (x[i], y[i])}. For a {@link dev.descent.dsl.plot.SurfacePlot} trajectory the
 * points are the successive parameter positions, in order.
 *
 * <p>Points where {@code x} or {@code y} is NaN or infinite are kept here but skipped when plotting
 * (a diverged run still plots its finite prefix). The arrays are copied on the way in and out, so a
 * series is immutable.
 *
 * <pre>{@code
 * Series gd = new Series("GD", steps, losses);
 * Series acc = Series.indexed("accuracy", accuracyPerEpoch, 1);   // x = 1, 2, 3, ...
 * }</pre>
 *
 * @param name legend label; not blank, unique within a chart
 * @param x x coordinates
 * @param y y coordinates, same length as {@code x}, at least one point
 */
public record Series(String name, double[] x, double[] y) {
    public Series {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (name.isBlank()) {
            throw new IllegalArgumentException("Series name must not be blank, got '" + name
                    + "'; it is the legend label, e.g. \"SGD lr=0.1\"");
        }
        if (x.length != y.length) {
            throw new IllegalArgumentException("Series '" + name + "': x has " + x.length
                    + " points but y has " + y.length + "; pass one x per y");
        }
        if (x.length == 0) {
            throw new IllegalArgumentException("Series '" + name
                    + "' has no points; record at least one value before plotting");
        }
        x = x.clone();
        y = y.clone();
    }

    /**
     * A series whose x values are consecutive integers {@code first, first+1, ...}, e.g. epochs
     * numbered from 1 or steps from 0.
     */
    public static Series indexed(String name, double[] y, int first) {
        Objects.requireNonNull(y, "y");
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (double) first + i;
        }
        return new Series(name, x, y);
    }

    @Override
    public double[] x() {
        return x.clone();
    }

    @Override
    public double[] y() {
        return y.clone();
    }

    /** Number of points, including non-finite ones. */
    public int size() {
        return x.length;
    }

    /** Whether point {@code i} will be drawn (both coordinates finite). */
    public boolean isFinite(int i) {
        return Double.isFinite(x[i]) && Double.isFinite(y[i]);
    }

    /** x of point {@code i}, without copying the array. */
    public double xAt(int i) {
        return x[i];
    }

    /** y of point {@code i}, without copying the array. */
    public double yAt(int i) {
        return y[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Series s && name.equals(s.name) && Arrays.equals(x, s.x)
                && Arrays.equals(y, s.y);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(x), Arrays.hashCode(y));
    }

    @Override
    public String toString() {
        return "Series[" + name + ", " + x.length + " points]";
    }
}

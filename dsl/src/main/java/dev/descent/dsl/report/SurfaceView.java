package dev.descent.dsl.report;

import dev.descent.dsl.chart.Range;
import dev.descent.dsl.chart.SurfaceBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;

/**
 * A function {@code f(x, y)} drawn as a surface in 3D, coloured by height, with optimizer paths
 * ({@link Trajectory}) lying on it: the picture of gradient descent walking down a loss surface. In
 * the page the reader turns it by dragging, zooms with the wheel (a double click resets the view),
 * switches paths on and off in the legend, and hovering a step shows its step, x, y and loss
 * ({@code f(x, y)} at that point).
 *
 * <pre>{@code
 * SurfaceView bowl = SurfaceView.builder().title("f(x, y) = x² + y²")
 *         .function((x, y) -> x * x + y * y).xRange(-1.5, 1.5).yRange(-1.5, 1.5)
 *         .path(Trajectory.of("GD", gd, "x", "y"))
 *         .path(Trajectory.of("SGD", sgd, "x", "y"))
 *         .build();
 * }</pre>
 *
 * <p>The function is sampled on a grid of {@code resolution × resolution} cells; non-finite values
 * leave holes. Path points outside the ranges are drawn where they are, off the mesh.
 */
public final class SurfaceView extends AxesSection {
    static final int DEFAULT_RESOLUTION = 40;
    static final int MAX_RESOLUTION = 120;

    private final String zLabel;
    private final double[] xs;
    private final double[] ys;
    /** f at (xs[i], ys[j]) in zs[j][i]; NaN where not finite. */
    private final double[][] zs;
    private final List<Trajectory> paths;
    /** f at each path point, per path; NaN where not finite. */
    private final List<double[]> pathValues;

    private SurfaceView(Builder b, DoubleBinaryOperator f, Range xRange, Range yRange) {
        super(b);
        this.zLabel = b.zLabel;
        this.xs = grid(xRange, b.cells);
        this.ys = grid(yRange, b.cells);
        this.zs = new double[ys.length][xs.length];
        boolean anyFinite = false;
        for (int j = 0; j < ys.length; j++) {
            for (int i = 0; i < xs.length; i++) {
                double z = f.applyAsDouble(xs[i], ys[j]);
                zs[j][i] = Double.isFinite(z) ? z : Double.NaN;
                anyFinite |= Double.isFinite(z);
            }
        }
        if (!anyFinite) {
            throw new IllegalArgumentException("SurfaceView '" + title() + "': the function is nowhere finite on x in ["
                    + xRange.min() + ", " + xRange.max() + "], y in [" + yRange.min() + ", " + yRange.max() + "]; check the function and the ranges");
        }
        this.paths = List.copyOf(b.items());
        List<double[]> values = new ArrayList<>();
        for (Trajectory t : paths) {
            double[] x = t.x();
            double[] y = t.y();
            double[] v = new double[x.length];
            for (int i = 0; i < v.length; i++) {
                v[i] = Double.isFinite(x[i]) && Double.isFinite(y[i]) ? f.applyAsDouble(x[i], y[i]) : Double.NaN;
                if (!Double.isFinite(v[i])) {
                    v[i] = Double.NaN;
                }
            }
            values.add(v);
        }
        this.pathValues = List.copyOf(values);
    }

    private static double[] grid(Range range, int cells) {
        double[] g = new double[cells + 1];
        for (int i = 0; i <= cells; i++) {
            g[i] = i == cells ? range.max() : range.min() + range.span() * i / cells;
        }
        return g;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The name of f's value: the vertical axis and the hover's "loss". */
    public String zLabel() {
        return zLabel;
    }

    public List<Trajectory> paths() {
        return paths;
    }

    /** The grid's x coordinates (resolution + 1 of them, first and last on the range's ends). */
    public double[] gridX() {
        return xs.clone();
    }

    /** The grid's y coordinates. */
    public double[] gridY() {
        return ys.clone();
    }

    /** f at ({@code gridX()[i]}, {@code gridY()[j]}), NaN where not finite. */
    public double valueAt(int i, int j) {
        return zs[j][i];
    }

    /** f at each point of path {@code index} (NaN where not finite). */
    public double[] pathValues(int index) {
        return pathValues.get(index).clone();
    }

    /** Mutable builder; {@link #build()} validates and samples the function. */
    public static final class Builder extends SurfaceBuilder<Builder, Trajectory> {
        private String zLabel = "loss";
        private int cells = DEFAULT_RESOLUTION;

        private Builder() {
            super("SurfaceView", Trajectory::name);
        }

        /** The name of f's value. Default {@code "loss"}. */
        public Builder zLabel(String label) {
            this.zLabel = Objects.requireNonNull(label, "zLabel");
            return this;
        }

        /** Grid cells per axis, 2..120. Default 40 (a smooth bowl that still turns fluidly). */
        public Builder resolution(int cellsPerAxis) {
            this.cells = cellsPerAxis;
            return this;
        }

        /** Adds a path drawn on the surface. */
        public Builder path(Trajectory path) {
            return add(path, "path");
        }

        public Builder paths(Collection<Trajectory> paths) {
            return addAll(paths, "paths");
        }

        /**
         * @throws IllegalArgumentException if the function or a range is missing or invalid, the
         *     resolution is out of bounds, path names repeat, or f is nowhere finite on the grid
         */
        public SurfaceView build() {
            DoubleBinaryOperator f = function();
            Range x = xRange();
            Range y = yRange();
            checkResolution(MAX_RESOLUTION, "30-60 draws a smooth surface", cells);
            requireUniqueNames("SurfaceView path", "");
            return new SurfaceView(this, f, x, y);
        }
    }
}

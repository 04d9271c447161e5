package dev.descent.dsl.plot;

import dev.descent.dsl.chart.Range;
import dev.descent.dsl.chart.Series;
import dev.descent.dsl.chart.SurfaceBuilder;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleBinaryOperator;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.DefaultXYZDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heat map of a function {@code f(x, y)} over a rectangle, with a colour-scale legend, and optional
 * optimizer trajectories drawn on top (line plus markers, start as a large circle, end as a large
 * square, each path named in the legend).
 *
 * <pre>{@code
 * Chart chart = SurfacePlot.builder()
 *         .title("f(x, y) = x² + y²")
 *         .function((x, y) -> x * x + y * y)
 *         .xRange(-2, 2).yRange(-2, 2)
 *         .trajectory(new Series("GD", gdX, gdY))
 *         .trajectory(new Series("SGD", sgdX, sgdY))
 *         .build();
 * chart.savePng(Path.of("bowl.png"), 800, 700);
 * }</pre>
 *
 * <p>The axes show exactly the function's rectangle; trajectory points outside it are clipped.
 * Non-finite function values are left blank; non-finite trajectory points are skipped.
 */
public final class SurfacePlot {
    private static final Logger LOG = LoggerFactory.getLogger(SurfacePlot.class);
    static final int DEFAULT_RESOLUTION = 120;
    static final int MAX_RESOLUTION = 2000;

    private SurfacePlot() {}

    public static Builder builder() {
        Headless.ensure();
        return new Builder();
    }

    /** Mutable builder; {@link #build()} validates everything and evaluates the function. */
    public static final class Builder extends SurfaceBuilder<Builder, Series> {
        private String valueLabel = "f(x, y)";
        private int nx = DEFAULT_RESOLUTION;
        private int ny = DEFAULT_RESOLUTION;
        private Range color = Range.UNSET;

        private Builder() {
            super("SurfacePlot", Series::name);
        }

        /** Label of the colour scale. Default {@code "f(x, y)"}. */
        public Builder valueLabel(String label) {
            this.valueLabel = Objects.requireNonNull(label, "valueLabel");
            return this;
        }

        /** Cells per axis (2..2000). Default 120. */
        public Builder resolution(int cellsPerAxis) {
            return resolution(cellsPerAxis, cellsPerAxis);
        }

        /** Cells along x and along y (each 2..2000). */
        public Builder resolution(int cellsX, int cellsY) {
            this.nx = cellsX;
            this.ny = cellsY;
            return this;
        }

        /**
         * Fixes the colour scale to {@code [min, max]} (values outside are clamped), e.g. so that
         * a few huge values at the corners do not wash out the valley. Default: the finite range
         * of the sampled values.
         */
        public Builder colorRange(double min, double max) {
            this.color = new Range(min, max);
            return this;
        }

        /** Adds an optimizer path: {@code x()} and {@code y()} are successive positions. */
        public Builder trajectory(Series path) {
            return add(path, "trajectory");
        }

        public Builder trajectories(Collection<Series> paths) {
            return addAll(paths, "trajectories");
        }

        /**
         * @throws IllegalArgumentException if the function or a range is missing or invalid, the
         *     resolution is out of bounds, trajectory names repeat, or f is nowhere finite
         */
        public Chart build() {
            DoubleBinaryOperator f = function();
            Range x = xRange();
            Range y = yRange();
            checkResolution(MAX_RESOLUTION, "100-200 is usually plenty", nx, ny);
            requireUniqueNames("Trajectory", "");
            List<Series> trajectories = items();

            // Heat map: one block per cell, anchored at its centre.
            double dx = x.span() / nx;
            double dy = y.span() / ny;
            double[][] xyz = new double[3][nx * ny];
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            int k = 0;
            for (int j = 0; j < ny; j++) {
                double yj = y.min() + (j + 0.5) * dy;
                for (int i = 0; i < nx; i++) {
                    double xi = x.min() + (i + 0.5) * dx;
                    double z = f.applyAsDouble(xi, yj);
                    if (!Double.isFinite(z)) {
                        z = Double.NaN; // drawn transparent
                    } else {
                        lo = Math.min(lo, z);
                        hi = Math.max(hi, z);
                    }
                    xyz[0][k] = xi;
                    xyz[1][k] = yj;
                    xyz[2][k] = z;
                    k++;
                }
            }
            if (color.isSet()) {
                color.check("colorRange");
                lo = color.min();
                hi = color.max();
            } else if (lo > hi) {
                throw new IllegalArgumentException("The function is not finite anywhere on ["
                        + x.min() + ", " + x.max() + "] x [" + y.min() + ", " + y.max()
                        + "]; check the function and ranges");
            } else if (lo == hi) {
                hi = lo + 1; // constant function: any non-empty scale shows it as one colour
            }
            DefaultXYZDataset heat = new DefaultXYZDataset();
            heat.addSeries(valueLabel, xyz);
            ViridisScale scale = new ViridisScale(lo, hi);
            XYBlockRenderer blocks = new XYBlockRenderer();
            blocks.setBlockWidth(dx);
            blocks.setBlockHeight(dy);
            blocks.setPaintScale(scale);

            NumberAxis xAxis = exactAxis(xLabel(), x);
            NumberAxis yAxis = exactAxis(yLabel(), y);

            XYPlot plot = new XYPlot(heat, xAxis, yAxis, blocks);
            plot.setDomainGridlinesVisible(false);
            plot.setRangeGridlinesVisible(false);

            LegendItemCollection legend = new LegendItemCollection();
            if (!trajectories.isEmpty()) {
                XYSeriesCollection paths = new XYSeriesCollection();
                int[] counts = new int[trajectories.size()];
                for (int s = 0; s < trajectories.size(); s++) {
                    Series t = trajectories.get(s);
                    XYSeries xy = new XYSeries(t.name(), false, true); // keep visiting order
                    int outside = 0;
                    for (int i = 0; i < t.size(); i++) {
                        if (t.isFinite(i)) {
                            xy.add(t.xAt(i), t.yAt(i), false);
                            if (!x.contains(t.xAt(i)) || !y.contains(t.yAt(i))) {
                                outside++;
                            }
                        }
                    }
                    if (outside > 0) {
                        LOG.warn("Trajectory '{}': {} point(s) lie outside the plotted area and are clipped;"
                                + " widen xRange/yRange to see them", t.name(), outside);
                    }
                    counts[s] = xy.getItemCount();
                    paths.addSeries(xy);
                }
                TrajectoryRenderer pathRenderer = new TrajectoryRenderer(counts);
                for (int s = 0; s < trajectories.size(); s++) {
                    pathRenderer.setSeriesPaint(s, ChartStyle.pathColor(s));
                    pathRenderer.setSeriesStroke(s, ChartStyle.LINE);
                    pathRenderer.setSeriesShape(s, TrajectoryRenderer.POINT);
                    pathRenderer.setLegendShape(s, TrajectoryRenderer.POINT);
                }
                plot.setDataset(1, paths);
                plot.setRenderer(1, pathRenderer);
                plot.setDatasetRenderingOrder(DatasetRenderingOrder.FORWARD); // paths above the map
                for (int s = 0; s < trajectories.size(); s++) {
                    legend.add(pathRenderer.getLegendItem(1, s));
                }
                BasicStroke outline = new BasicStroke(1.0f);
                Color neutral = new Color(0xBBBBBB);
                legend.add(new LegendItem("start", null, null, null, TrajectoryRenderer.START,
                        neutral, outline, Color.BLACK));
                legend.add(new LegendItem("end", null, null, null, TrajectoryRenderer.END,
                        neutral, outline, Color.BLACK));
            }
            plot.setFixedLegendItems(legend);

            JFreeChart chart = ChartStyle.styledChart(this, plot, !trajectories.isEmpty());

            NumberAxis scaleAxis = new NumberAxis(valueLabel);
            scaleAxis.setRange(lo, hi);
            ChartStyle.styleAxis(scaleAxis);
            PaintScaleLegend colorBar = new PaintScaleLegend(scale, scaleAxis);
            colorBar.setPosition(RectangleEdge.RIGHT);
            colorBar.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
            colorBar.setStripWidth(16);
            colorBar.setAxisOffset(4);
            colorBar.setSubdivisionCount(256);
            colorBar.setStripOutlineVisible(true);
            colorBar.setStripOutlinePaint(Color.GRAY);
            colorBar.setBackgroundPaint(Color.WHITE);
            colorBar.setMargin(new RectangleInsets(4, 12, 4, 4));
            colorBar.setPadding(new RectangleInsets(0, 0, 0, 0));
            chart.addSubtitle(colorBar);
            return new JFreeChartChart(chart);
        }

        /** An axis showing exactly {@code range}: no margins, so the heat map fills the plot. */
        private static NumberAxis exactAxis(String label, Range range) {
            NumberAxis axis = new NumberAxis(label);
            axis.setRange(range.min(), range.max());
            axis.setLowerMargin(0);
            axis.setUpperMargin(0);
            return axis;
        }
    }
}

package dev.descent.dsl.plot;

import dev.descent.dsl.chart.LinesBuilder;
import dev.descent.dsl.chart.Series;
import java.awt.geom.Ellipse2D;
import java.util.Collection;
import java.util.List;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Line chart of one or more {@link Series} against a shared x axis: loss per step, loss per
 * samples processed (GD vs SGD vs mini-batch), accuracy per epoch.
 *
 * <pre>{@code
 * Chart chart = LinePlot.builder()
 *         .title("Loss vs samples processed")
 *         .xLabel("samples").yLabel("loss").logY(true)
 *         .series(new Series("GD", gdSamples, gdLoss))
 *         .series(new Series("SGD", sgdSamples, sgdLoss))
 *         .build();
 * chart.savePng(Path.of("loss.png"), 900, 600);
 * }</pre>
 *
 * <p>Non-finite points are skipped, and with a log y axis so are points with {@code y <= 0} (with a
 * log x axis, {@code x <= 0}; a warning is logged), so the line joins its neighbours across them.
 */
public final class LinePlot {
    private static final Logger LOG = LoggerFactory.getLogger(LinePlot.class);
    /** Up to this many points per series, points get a marker by default. */
    static final int AUTO_POINTS_LIMIT = 40;

    private LinePlot() {}

    public static Builder builder() {
        Headless.ensure();
        return new Builder();
    }

    /**
     * A log axis, or a linear one that need not include zero, with integer ticks when every
     * value on it is an integer (steps, epochs).
     */
    private static ValueAxis axis(String label, boolean log, double min, double max, boolean integers) {
        if (log) {
            return logAxis(label, min, max);
        }
        NumberAxis lin = new NumberAxis(label);
        lin.setAutoRangeIncludesZero(false);
        if (integers) {
            lin.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        return lin;
    }

    private static LogAxis logAxis(String label, double min, double max) {
        LogAxis axis = new LogAxis(label);
        axis.setSmallestValue(1e-300);
        axis.setNumberFormatOverride(new TickFormat());
        // Spanning a decade or more, ticks at the powers of ten with minor ticks at 2..9 read best;
        // over a narrower span JFreeChart's automatic units give more labels.
        if (min <= max && Math.log10(max / min) >= 1.0) {
            axis.setTickUnit(new NumberTickUnit(1.0));
            axis.setMinorTickCount(9);
            axis.setMinorTickMarksVisible(true);
        }
        return axis;
    }

    /** Mutable builder; {@link #build()} validates and produces a new chart each call. */
    public static final class Builder extends LinesBuilder<Builder> {
        private @Nullable Boolean points;

        private Builder() {}

        /**
         * Whether to mark each data point. Default: marked when every series has at most 40 points
         * (e.g. per-epoch values), plain lines otherwise.
         */
        public Builder points(boolean points) {
            this.points = points;
            return this;
        }

        /** Adds a line; names must be unique within the chart. Colours follow insertion order. */
        public Builder series(Series s) {
            return add(s, "series");
        }

        public Builder series(Collection<Series> all) {
            return addAll(all, "series");
        }

        /**
         * @throws IllegalArgumentException if no series was added or two share a name
         */
        public Chart build() {
            List<Series> series = items();
            boolean logX = logX();
            boolean logY = logY();
            if (series.isEmpty()) {
                throw new IllegalArgumentException(
                        "LinePlot needs at least one series; call series(new Series(name, x, y))");
            }
            requireUniqueNames("Series", ", e.g. add the learning rate");
            XYSeriesCollection dataset = new XYSeriesCollection();
            boolean allIntegerX = true;
            int maxPoints = 0;
            double minY = Double.POSITIVE_INFINITY;
            double maxY = Double.NEGATIVE_INFINITY;
            double minX = Double.POSITIVE_INFINITY;
            double maxX = Double.NEGATIVE_INFINITY;
            for (Series s : series) {
                XYSeries xy = new XYSeries(s.name(), false, true);
                int skippedNonPositive = 0;
                for (int i = 0; i < s.size(); i++) {
                    if (!s.isFinite(i)) {
                        continue;
                    }
                    if ((logY && s.yAt(i) <= 0) || (logX && s.xAt(i) <= 0)) {
                        skippedNonPositive++;
                        continue;
                    }
                    xy.add(s.xAt(i), s.yAt(i), false);
                    minX = Math.min(minX, s.xAt(i));
                    maxX = Math.max(maxX, s.xAt(i));
                    minY = Math.min(minY, s.yAt(i));
                    maxY = Math.max(maxY, s.yAt(i));
                    allIntegerX &= s.xAt(i) == Math.rint(s.xAt(i));
                }
                if (skippedNonPositive > 0) {
                    LOG.warn("Series '{}': skipped {} point(s) with a coordinate <= 0 on a log-scale axis",
                            s.name(), skippedNonPositive);
                }
                maxPoints = Math.max(maxPoints, s.size());
                dataset.addSeries(xy);
            }

            ValueAxis xAxis = axis(xLabel(), logX, minX, maxX, allIntegerX);
            ValueAxis yAxis = axis(yLabel(), logY, minY, maxY, false);

            boolean showPoints = points != null ? points : maxPoints <= AUTO_POINTS_LIMIT;
            XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, showPoints);
            for (int i = 0; i < series.size(); i++) {
                renderer.setSeriesPaint(i, ChartStyle.lineColor(i));
                renderer.setSeriesStroke(i, ChartStyle.LINE);
                renderer.setSeriesShape(i, new Ellipse2D.Double(-3.5, -3.5, 7, 7));
            }
            renderer.setDrawSeriesLineAsPath(true); // smoother joins for long noisy SGD curves

            XYPlot plot = new XYPlot(dataset, xAxis, yAxis, renderer);
            plot.setOrientation(PlotOrientation.VERTICAL);
            return new JFreeChartChart(ChartStyle.styledChart(this, plot, true));
        }
    }
}

package dev.descent.dsl.plot;

import dev.descent.dsl.chart.AxesBuilder;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;

/**
 * What the PNG/SVG chart builders add to {@link AxesBuilder}: the styled chart around a finished
 * plot.
 *
 * @param <B> the concrete builder, which each setter returns so that calls chain
 */
abstract class PlotBuilder<B extends PlotBuilder<B>> extends AxesBuilder<B> {
    PlotBuilder() {}

    /** {@code plot} in a chart with this title (none when empty), in the house style. */
    final JFreeChart styledChart(XYPlot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title().isEmpty() ? null : title(), ChartStyle.TITLE, plot, legend);
        ChartStyle.apply(chart, plot);
        return chart;
    }
}

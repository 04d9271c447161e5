package dev.descent.dsl.plot;

import dev.descent.dsl.series.Series;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.XYPlot;

/**
 * What the chart builders share: a title, the axis labels, legend labels that must be unique, and
 * the styled chart around a finished plot.
 *
 * @param <B> the concrete builder, which each setter returns so that calls chain
 */
abstract class PlotBuilder<B extends PlotBuilder<B>> {
    String title = "";
    String xLabel = "x";
    String yLabel = "y";

    PlotBuilder() {}

    public B title(String title) {
        this.title = Objects.requireNonNull(title, "title");
        return self();
    }

    public B xLabel(String label) {
        this.xLabel = Objects.requireNonNull(label, "xLabel");
        return self();
    }

    public B yLabel(String label) {
        this.yLabel = Objects.requireNonNull(label, "yLabel");
        return self();
    }

    @SuppressWarnings("unchecked") // B is the subclass itself, by the declaration of each builder
    final B self() {
        return (B) this;
    }

    /** {@code plot} in a chart with this title (none when empty), in the house style. */
    final JFreeChart styledChart(XYPlot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(title.isEmpty() ? null : title, ChartStyle.TITLE, plot, legend);
        ChartStyle.apply(chart, plot);
        return chart;
    }

    /**
     * @param kind what the series are, starting the message ({@code "Series"}, {@code "Trajectory"})
     * @param hint appended to the message, e.g. how to tell two runs apart
     * @throws IllegalArgumentException if two of {@code all} share a name
     */
    static void requireUniqueNames(List<Series> all, String kind, String hint) {
        Set<String> names = new HashSet<>();
        for (Series s : all) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException(kind + " name '" + s.name()
                        + "' is used twice; legend labels must be unique" + hint);
            }
        }
    }
}

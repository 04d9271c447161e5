package dev.descent.dsl.report;

import dev.descent.dsl.chart.AxesBuilder;
import dev.descent.dsl.chart.ChartText;

/**
 * What a chart section shows around its plot, the same for a {@link LineChart} and a
 * {@link SurfaceView}: a title, a sentence under it, and the names of the x and y axes.
 */
public abstract sealed class AxesSection implements Section permits LineChart, SurfaceView {
    private final ChartText text;

    AxesSection(AxesBuilder<?, ?> b) {
        this.text = b.text();
    }

    /** The title, caption and axis names together. */
    public ChartText text() {
        return text;
    }

    public String title() {
        return text.title();
    }

    public String caption() {
        return text.caption();
    }

    public String xLabel() {
        return text.xLabel();
    }

    public String yLabel() {
        return text.yLabel();
    }
}

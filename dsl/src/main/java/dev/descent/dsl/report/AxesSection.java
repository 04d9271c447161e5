package dev.descent.dsl.report;

import dev.descent.dsl.chart.AxesBuilder;
import java.util.Objects;

/**
 * What a chart section shows around its plot, the same for a {@link LineChart} and a
 * {@link SurfaceView}: a title, a sentence under it, and the names of the x and y axes.
 */
public abstract sealed class AxesSection implements Section permits LineChart, SurfaceView {
    private final String title;
    private final String caption;
    private final String xLabel;
    private final String yLabel;

    AxesSection(Builder<?> b) {
        this.title = b.title();
        this.caption = b.caption;
        this.xLabel = b.xLabel();
        this.yLabel = b.yLabel();
    }

    public String title() {
        return title;
    }

    public String caption() {
        return caption;
    }

    public String xLabel() {
        return xLabel;
    }

    public String yLabel() {
        return yLabel;
    }

    /**
     * The chart builders' setters: {@link AxesBuilder}'s and a caption.
     *
     * @param <B> the concrete builder, which each setter returns so that calls chain
     */
    public abstract static sealed class Builder<B extends Builder<B>> extends AxesBuilder<B>
            permits LineChart.Builder, SurfaceView.Builder {
        private String caption = "";

        Builder() {
        }

        /** A sentence under the title: what to look at. */
        public B caption(String caption) {
            this.caption = Objects.requireNonNull(caption, "caption");
            return self();
        }
    }
}

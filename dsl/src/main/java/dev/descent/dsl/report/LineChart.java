package dev.descent.dsl.report;

import dev.descent.dsl.series.Series;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Line chart of one or more {@link Series} on a shared x axis: loss per step, loss per samples
 * processed, metrics per epoch. In the page the reader zooms (wheel, drag, the slider), switches
 * curves on and off in the legend, and switches either axis between linear and log scale; the
 * builder's {@link Builder#logX}/{@link Builder#logY} set how it opens.
 *
 * <pre>{@code
 * LineChart chart = LineChart.builder().title("Loss vs samples processed")
 *         .xLabel("samples processed").yLabel("loss").logY(true)
 *         .curve(HistorySeries.lossVsSamples("GD", gd)).curve(HistorySeries.lossVsSamples("SGD", sgd))
 *         .build();
 * }</pre>
 */
public final class LineChart implements Section {
    private final String title;
    private final String caption;
    private final String xLabel;
    private final String yLabel;
    private final boolean logX;
    private final boolean logY;
    private final List<Series> curves;

    private LineChart(Builder b) {
        this.title = b.title;
        this.caption = b.caption;
        this.xLabel = b.xLabel;
        this.yLabel = b.yLabel;
        this.logX = b.logX;
        this.logY = b.logY;
        this.curves = List.copyOf(b.curves);
    }

    public static Builder builder() {
        return new Builder();
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

    /** Whether the chart opens with a log x axis. */
    public boolean logX() {
        return logX;
    }

    /** Whether the chart opens with a log y axis. */
    public boolean logY() {
        return logY;
    }

    public List<Series> curves() {
        return curves;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private String title = "";
        private String caption = "";
        private String xLabel = "x";
        private String yLabel = "y";
        private boolean logX;
        private boolean logY;
        private final List<Series> curves = new ArrayList<>();

        private Builder() {
        }

        public Builder title(String title) {
            this.title = Objects.requireNonNull(title, "title");
            return this;
        }

        /** A sentence under the title: what to look at. */
        public Builder caption(String caption) {
            this.caption = Objects.requireNonNull(caption, "caption");
            return this;
        }

        public Builder xLabel(String label) {
            this.xLabel = Objects.requireNonNull(label, "xLabel");
            return this;
        }

        public Builder yLabel(String label) {
            this.yLabel = Objects.requireNonNull(label, "yLabel");
            return this;
        }

        /** Opens with a log x axis (points with x ≤ 0 are then not drawn). Default linear. */
        public Builder logX(boolean log) {
            this.logX = log;
            return this;
        }

        /** Opens with a log y axis (points with y ≤ 0 are then not drawn). Default linear. */
        public Builder logY(boolean log) {
            this.logY = log;
            return this;
        }

        public Builder curve(Series curve) {
            curves.add(Objects.requireNonNull(curve, "curve"));
            return this;
        }

        public Builder curves(Collection<Series> curves) {
            Objects.requireNonNull(curves, "curves").forEach(this::curve);
            return this;
        }

        /** @throws IllegalArgumentException without curves or with two curves of one name */
        public LineChart build() {
            if (curves.isEmpty()) {
                throw new IllegalArgumentException("LineChart '" + title + "' has no curves; add one with curve(...)");
            }
            Set<String> names = new HashSet<>();
            for (Series c : curves) {
                if (!names.add(c.name())) {
                    throw new IllegalArgumentException("LineChart '" + title + "': the curve name '" + c.name()
                            + "' is used twice; legend labels must be unique");
                }
            }
            return new LineChart(this);
        }
    }
}

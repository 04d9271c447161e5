package dev.descent.dsl.report;

import dev.descent.dsl.chart.Series;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

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
public final class LineChart extends AxesSection {
    private final boolean logX;
    private final boolean logY;
    private final List<Series> curves;

    private LineChart(Builder b) {
        super(b);
        this.logX = b.logX;
        this.logY = b.logY;
        this.curves = List.copyOf(b.curves);
    }

    public static Builder builder() {
        return new Builder();
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
    public static final class Builder extends AxesSection.Builder<Builder> {
        private boolean logX;
        private boolean logY;
        private final List<Series> curves = new ArrayList<>();

        private Builder() {
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
                throw new IllegalArgumentException("LineChart '" + title() + "' has no curves; add one with curve(...)");
            }
            requireUniqueNames(curves, Series::name, "LineChart curve", "");
            return new LineChart(this);
        }
    }
}

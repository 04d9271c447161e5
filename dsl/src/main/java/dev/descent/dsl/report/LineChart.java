package dev.descent.dsl.report;

import dev.descent.dsl.chart.LinesBuilder;
import dev.descent.dsl.chart.Series;
import java.util.Collection;
import java.util.List;

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
        this.logX = b.logX();
        this.logY = b.logY();
        this.curves = List.copyOf(b.items());
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
    public static final class Builder extends LinesBuilder<Builder> {
        private Builder() {
        }

        public Builder curve(Series curve) {
            return add(curve, "curve");
        }

        public Builder curves(Collection<Series> curves) {
            return addAll(curves, "curves");
        }

        /** @throws IllegalArgumentException without curves or with two curves of one name */
        public LineChart build() {
            if (items().isEmpty()) {
                throw new IllegalArgumentException("LineChart '" + title() + "' has no curves; add one with curve(...)");
            }
            requireUniqueNames("LineChart curve", "");
            return new LineChart(this);
        }
    }
}

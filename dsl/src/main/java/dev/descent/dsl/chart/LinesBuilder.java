package dev.descent.dsl.chart;

/**
 * What a line chart's builder adds to {@link AxesBuilder}, for the PNG/SVG {@code LinePlot} and the
 * HTML {@code LineChart} alike: a linear or logarithmic scale on each axis. On a log axis, points with
 * a coordinate {@code <= 0} are not drawn.
 *
 * @param <B> the concrete builder, which each setter returns so that calls chain
 */
public abstract class LinesBuilder<B extends LinesBuilder<B>> extends AxesBuilder<B, Series> {
    private boolean logX;
    private boolean logY;

    protected LinesBuilder() {
        super(Series::name);
    }

    /**
     * Logarithmic x axis, for runs whose lengths differ by orders of magnitude (10 GD steps beside
     * 10,000 SGD steps on one step axis). Default linear.
     */
    public B logX(boolean log) {
        this.logX = log;
        return self();
    }

    /** Whether the x axis is logarithmic. */
    public boolean logX() {
        return logX;
    }

    /** Logarithmic y axis, for losses spanning orders of magnitude. Default linear. */
    public B logY(boolean log) {
        this.logY = log;
        return self();
    }

    /** Whether the y axis is logarithmic. */
    public boolean logY() {
        return logY;
    }
}

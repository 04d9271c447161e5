package dev.descent.dsl.plot;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;

/**
 * Draws optimizer paths: a line with small point markers, a large circle on the first point and a
 * large square on the last, all outlined in black so they stay visible on any heat-map colour.
 */
final class TrajectoryRenderer extends XYLineAndShapeRenderer {
    private static final long serialVersionUID = 1L;
    /** Paths longer than this show only start and end markers; the line alone carries the shape. */
    static final int MARKER_LIMIT = 150;
    static final Shape POINT = new Ellipse2D.Double(-2.5, -2.5, 5, 5);
    static final Shape START = new Ellipse2D.Double(-6.5, -6.5, 13, 13);
    static final Shape END = new Rectangle2D.Double(-6, -6, 12, 12);

    /** Plotted (finite) point count of each series, fixed when the chart is built. */
    private final int[] counts;

    TrajectoryRenderer(int[] counts) {
        super(true, true);
        this.counts = counts.clone();
        setUseOutlinePaint(true);
        setDrawOutlines(true);
        setDefaultOutlinePaint(Color.BLACK);
        setDrawSeriesLineAsPath(true);
    }

    @Override
    public Shape getItemShape(int series, int item) {
        if (item == 0) {
            return START;
        }
        if (item == counts[series] - 1) {
            return END;
        }
        return POINT;
    }

    @Override
    public boolean getItemShapeVisible(int series, int item) {
        int n = counts[series];
        return item == 0 || item == n - 1 || n <= MARKER_LIMIT;
    }
}

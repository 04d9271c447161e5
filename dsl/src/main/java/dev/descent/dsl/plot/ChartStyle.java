package dev.descent.dsl.plot;

import dev.descent.dsl.chart.AxesBuilder;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/** The house look: white background, light grid, readable sans-serif fonts, distinct colours. */
final class ChartStyle {
    private ChartStyle() {}

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    static final Font CAPTION = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font AXIS_LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Color GRID = new Color(0xDD, 0xDD, 0xDD);
    static final Color TEXT = new Color(0x22, 0x22, 0x22);
    static final BasicStroke LINE = new BasicStroke(2.0f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);

    /** Tableau 10: well separated hues that survive greyscale printing reasonably. */
    private static final Color[] LINE_PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
        new Color(0xbcbd22), new Color(0x17becf),
    };

    /**
     * Bright colours that stand out on the viridis heat map (dark purple to yellow): its hues are
     * blue-green, so reds, oranges and magenta are the visible ones (white comes last: it vanishes in the legend).
     */
    private static final Color[] PATH_PALETTE = {
        new Color(0xff2d2d), new Color(0xff9f1c), new Color(0xff4fd8), new Color(0x00e5ff),
        new Color(0xb8ff3c), new Color(0xffffff),
    };

    static Paint lineColor(int i) {
        return LINE_PALETTE[i % LINE_PALETTE.length];
    }

    static Paint pathColor(int i) {
        return PATH_PALETTE[i % PATH_PALETTE.length];
    }

    /** {@code plot} in a chart with the builder's title and caption (each left out when empty), in the house style. */
    static JFreeChart styledChart(AxesBuilder<?, ?> axes, XYPlot plot, boolean legend) {
        JFreeChart chart = new JFreeChart(axes.title().isEmpty() ? null : axes.title(), TITLE, plot, legend);
        if (!axes.caption().isEmpty()) {
            TextTitle caption = new TextTitle(axes.caption(), CAPTION);
            caption.setPaint(TEXT);
            chart.addSubtitle(0, caption);
        }
        apply(chart, plot);
        return chart;
    }

    static void apply(JFreeChart chart, XYPlot plot) {
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 12));
        TextTitle title = chart.getTitle();
        if (title != null) {
            title.setFont(TITLE);
            title.setPaint(TEXT);
            title.setMargin(new RectangleInsets(4, 0, 8, 0));
        }
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.GRAY);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1.0f));
        plot.setRangeGridlineStroke(new BasicStroke(1.0f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        styleAxis(plot.getDomainAxis());
        styleAxis(plot.getRangeAxis());
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setItemFont(LEGEND);
            legend.setItemPaint(TEXT);
            legend.setBackgroundPaint(Color.WHITE);
            legend.setFrame(new org.jfree.chart.block.BlockBorder(GRID));
            legend.setPosition(RectangleEdge.BOTTOM);
            legend.setItemLabelPadding(new RectangleInsets(2, 4, 2, 12));
            legend.setMargin(new RectangleInsets(8, 0, 0, 0));
        }
    }

    static void styleAxis(ValueAxis axis) {
        axis.setLabelFont(AXIS_LABEL);
        axis.setLabelPaint(TEXT);
        axis.setTickLabelFont(TICK);
        axis.setTickLabelPaint(TEXT);
        axis.setAxisLinePaint(Color.GRAY);
        axis.setTickMarkPaint(Color.GRAY);
    }
}

package dev.descent.dsl.plot;

import dev.descent.dsl.chart.Series;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

class PlotValidationTest {
    @Test
    void seriesIsValidatedAndCopied() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Series("a", new double[] {1, 2}, new double[] {1}));
        assertTrue(e.getMessage().contains("2") && e.getMessage().contains("1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Series(" ", new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Series("a", new double[0], new double[0]));

        double[] y = {3, 4};
        Series s = new Series("a", new double[] {0, 1}, y);
        y[0] = 99;
        s.y()[1] = 99;
        assertArrayEquals(new double[] {3, 4}, s.y());
        assertEquals(new Series("a", new double[] {0, 1}, new double[] {3, 4}), s);
    }

    @Test
    void indexedSeriesCountsFromFirst() {
        Series s = Series.indexed("acc", new double[] {0.5, 0.6, 0.7}, 1);
        assertArrayEquals(new double[] {1, 2, 3}, s.x());
    }

    @Test
    void buildersSwitchToHeadless() {
        LinePlot.builder();
        assertEquals("true", System.getProperty("java.awt.headless"));
        assertTrue(GraphicsEnvironment.isHeadless());
    }

    @Test
    void linePlotRejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> LinePlot.builder().build());
        Series a = Series.indexed("a", new double[] {1, 2}, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinePlot.builder().series(a).series(a).build());
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    }

    @Test
    void nonFiniteAndLogInvalidPointsAreSkipped() {
        Series s = new Series("loss", new double[] {0, 1, 2, 3, Double.NaN},
                new double[] {1, Double.NaN, 0, 0.5, 0.25});
        XYDataset linear = plot(LinePlot.builder().series(s).build()).getDataset();
        assertEquals(3, linear.getItemCount(0)); // NaN y and NaN x dropped
        XYPlot logPlot = plot(LinePlot.builder().logY(true).series(s).build());
        assertEquals(2, logPlot.getDataset().getItemCount(0)); // y = 0 dropped as well
        assertTrue(logPlot.getRangeAxis() instanceof LogAxis);
        assertEquals(3.0, logPlot.getDataset().getXValue(0, 1));
    }

    @Test
    void surfacePlotRejectsBadInput() {
        assertThrows(IllegalArgumentException.class,
                () -> SurfacePlot.builder().xRange(-1, 1).yRange(-1, 1).build());
        assertThrows(IllegalArgumentException.class,
                () -> bowl().xRange(1, -1).build());
        assertThrows(IllegalArgumentException.class,
                () -> bowl().yRange(0, Double.POSITIVE_INFINITY).build());
        assertThrows(IllegalArgumentException.class, () -> bowl().resolution(1).build());
        assertThrows(IllegalArgumentException.class, () -> bowl().resolution(5000).build());
        assertThrows(IllegalArgumentException.class,
                () -> bowl().function((x, y) -> Double.NaN).build());
        Series p = Series.indexed("p", new double[] {0, 0}, 0);
        assertThrows(IllegalArgumentException.class, () -> bowl().trajectory(p).trajectory(p).build());
    }

    @Test
    void surfaceSamplesCellCentresAndKeepsPathOrder() {
        Series path = new Series("GD", new double[] {1, -1, 0.5}, new double[] {1, 0.5, -1});
        Chart chart = bowl().resolution(4, 2).trajectory(path).build();
        XYPlot plot = plot(chart);
        XYDataset heat = plot.getDataset(0);
        assertEquals(8, heat.getItemCount(0));
        assertEquals(-1.5, heat.getXValue(0, 0), 1e-12); // 4 cells over [-2, 2]: centres ±0.5, ±1.5
        assertEquals(-1.0, heat.getYValue(0, 0), 1e-12); // 2 cells over [-2, 2]: centres ±1
        assertEquals(1.5 * 1.5 + 1.0, ((org.jfree.data.xy.XYZDataset) heat).getZValue(0, 0), 1e-12);
        XYDataset paths = plot.getDataset(1);
        assertEquals(-1.0, paths.getXValue(0, 1)); // not sorted by x
        PaintScaleLegend bar = (PaintScaleLegend) chart.jfreeChart().getSubtitles().stream()
                .filter(t -> t instanceof PaintScaleLegend).findFirst().orElseThrow();
        assertEquals(1.25, bar.getScale().getLowerBound(), 1e-12); // min over cell centres: 0.25 + 1
        assertEquals(3.25, bar.getScale().getUpperBound(), 1e-12);
        // legend: the path, then start and end markers
        assertEquals(3, plot.getLegendItems().getItemCount());
        assertEquals("GD", plot.getLegendItems().get(0).getLabel());
    }

    @Test
    void colorRangeOverridesTheScale() {
        Chart chart = bowl().colorRange(0, 2).build();
        PaintScaleLegend bar = (PaintScaleLegend) chart.jfreeChart().getSubtitles().stream()
                .filter(t -> t instanceof PaintScaleLegend).findFirst().orElseThrow();
        assertEquals(2.0, bar.getScale().getUpperBound());
    }

    @Test
    void chartSizeIsValidated() {
        Chart chart = bowl().resolution(10).build();
        assertThrows(IllegalArgumentException.class, () -> chart.toImage(0, 100));
        assertThrows(IllegalArgumentException.class, () -> chart.toSvg(100, 100_000));
    }

    private static SurfacePlot.Builder bowl() {
        return SurfacePlot.builder().function((x, y) -> x * x + y * y).xRange(-2, 2).yRange(-2, 2);
    }

    private static XYPlot plot(Chart chart) {
        return chart.jfreeChart().getXYPlot();
    }
}

package dev.descent.dsl.plot;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.jfree.chart.JFreeChart;

/**
 * A finished chart, ready to render at any size. Made by {@link LinePlot} or {@link SurfacePlot}.
 *
 * <p>Files are written atomically (see {@link dev.descent.io.AtomicFiles}): an existing file is
 * replaced only by a complete new one. Sizes are in pixels, 16 to 16384 per side.
 *
 * <pre>{@code
 * Chart chart = LinePlot.builder().title("Loss").series(gd).series(sgd).build();
 * chart.savePng(Path.of("loss.png"), 900, 600);
 * chart.saveSvg(Path.of("loss.svg"), 900, 600);
 * }</pre>
 */
public interface Chart {
    /** The chart's title ("" when none was set). */
    String title();

    /**
     * Writes a PNG image of the chart.
     *
     * @throws UncheckedIOException if the file cannot be written (the message names the path)
     * @throws dev.descent.DescentException if the parent directory does not exist
     */
    void savePng(Path file, int width, int height);

    /**
     * Writes an SVG document of the chart (vector output; the heat map of a surface plot is a grid
     * of rectangles, so prefer modest resolutions for SVG).
     *
     * @throws UncheckedIOException if the file cannot be written (the message names the path)
     * @throws dev.descent.DescentException if the parent directory does not exist
     */
    void saveSvg(Path file, int width, int height);

    /** Renders into a new RGB image. */
    BufferedImage toImage(int width, int height);

    /** Encodes the chart as PNG bytes, e.g. to embed or send elsewhere. */
    byte[] toPng(int width, int height);

    /** Renders the chart as an SVG document string. */
    String toSvg(int width, int height);

    /** Draws the chart into {@code area} of a caller-owned graphics context (e.g. to compose grids). */
    void draw(Graphics2D graphics, Rectangle2D area);

    /**
     * The underlying JFreeChart, for customisations this API does not offer. It is live: changes
     * affect later renders of this chart.
     */
    JFreeChart jfreeChart();
}

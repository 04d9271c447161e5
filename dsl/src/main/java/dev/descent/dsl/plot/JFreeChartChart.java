package dev.descent.dsl.plot;

import dev.descent.io.AtomicFiles;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;

/** {@link Chart} over a JFreeChart. */
final class JFreeChartChart implements Chart {
    static final int MIN_SIZE = 16;
    static final int MAX_SIZE = 16384;

    private final JFreeChart chart;

    JFreeChartChart(JFreeChart chart) {
        this.chart = chart;
    }

    @Override
    public String title() {
        return chart.getTitle() == null ? "" : chart.getTitle().getText();
    }

    @Override
    public void savePng(Path file, int width, int height) {
        Objects.requireNonNull(file, "file");
        byte[] png = toPng(width, height); // render first: a render failure must not touch the file
        AtomicFiles.writeBytes(file, png);
    }

    @Override
    public void saveSvg(Path file, int width, int height) {
        Objects.requireNonNull(file, "file");
        AtomicFiles.writeBytes(file, toSvg(width, height).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public BufferedImage toImage(int width, int height) {
        checkSize(width, height);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
                    RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            draw(g, new Rectangle(0, 0, width, height));
        } finally {
            g.dispose();
        }
        return image;
    }

    @Override
    public byte[] toPng(int width, int height) {
        BufferedImage image = toImage(width, height);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", bytes)) {
                throw new IllegalStateException("no PNG writer available in ImageIO");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("PNG encoding failed: " + e, e);
        }
        return bytes.toByteArray();
    }

    @Override
    public String toSvg(int width, int height) {
        checkSize(width, height);
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        draw(g, new Rectangle(0, 0, width, height));
        return g.getSVGDocument();
    }

    @Override
    public void draw(Graphics2D graphics, Rectangle2D area) {
        Objects.requireNonNull(graphics, "graphics");
        Objects.requireNonNull(area, "area");
        chart.draw(graphics, area);
    }

    @Override
    public JFreeChart jfreeChart() {
        return chart;
    }

    private static void checkSize(int width, int height) {
        if (width < MIN_SIZE || width > MAX_SIZE || height < MIN_SIZE || height > MAX_SIZE) {
            throw new IllegalArgumentException("Chart size must be " + MIN_SIZE + ".." + MAX_SIZE
                    + " pixels per side, got " + width + "x" + height + "; e.g. 900x600");
        }
    }

    @Override
    public String toString() {
        return "Chart[" + title() + "]";
    }
}

package dev.descent.dsl.plot;

import dev.descent.dsl.chart.Series;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.jfree.chart.title.TextTitle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders each chart kind to PNG and SVG and checks the files. Set {@code -Dplot.check.dir=/tmp/x}
 * to also keep the PNGs there for looking at.
 */
class ChartRenderingTest {
    @TempDir
    Path dir;

    static Chart lossVsStep() {
        return LinePlot.builder()
                .title("Loss vs step")
                .xLabel("step").yLabel("loss").logY(true)
                .series(ExampleData.lossCurve("GD", 200, 0.03, 0.0, 1))
                .series(ExampleData.lossCurve("SGD (batch 1)", 200, 0.05, 0.45, 2))
                .series(ExampleData.lossCurve("mini-batch (32)", 200, 0.04, 0.12, 3))
                .build();
    }

    static Chart lossVsSamples() {
        Series gd = ExampleData.lossCurve("GD (1000 samples/step)", 60, 0.06, 0.0, 1);
        Series sgd = ExampleData.lossCurve("SGD (1 sample/step)", 2000, 0.004, 0.4, 2);
        Series mini = ExampleData.lossCurve("mini-batch (32 samples/step)", 400, 0.02, 0.1, 3);
        return LinePlot.builder()
                .title("Loss vs samples processed")
                .xLabel("samples processed").yLabel("loss").logY(true)
                .series(scaleX(gd, 1000)).series(scaleX(sgd, 1)).series(scaleX(mini, 32))
                .build();
    }

    static Chart accuracyPerEpoch() {
        return LinePlot.builder()
                .title("Accuracy per epoch")
                .xLabel("epoch").yLabel("accuracy")
                .series(Series.indexed("train", new double[] {0.62, 0.78, 0.85, 0.89, 0.91, 0.93, 0.94, 0.95}, 1))
                .series(Series.indexed("test", new double[] {0.60, 0.75, 0.82, 0.85, 0.86, 0.87, 0.87, 0.88}, 1))
                .build();
    }

    static Chart bowl() {
        return SurfacePlot.builder()
                .title("GD vs SGD on f(x, y) = x² + y²")
                .function((x, y) -> x * x + y * y)
                .xRange(-2, 2).yRange(-2, 2)
                .valueLabel("loss")
                .trajectory(ExampleData.bowlPath("GD (lr 0.1)", -1.8, 1.5, 0.1, 0.0, 25, 1))
                .trajectory(ExampleData.bowlPath("SGD (lr 0.1, noisy)", 1.7, -1.6, 0.1, 2.0, 60, 7))
                .build();
    }

    private static Series scaleX(Series s, double factor) {
        double[] x = s.x();
        for (int i = 0; i < x.length; i++) {
            x[i] *= factor;
        }
        return new Series(s.name(), x, s.y());
    }

    static Stream<Chart> all() {
        return Stream.of(lossVsStep(), lossVsSamples(), accuracyPerEpoch(), bowl());
    }

    @Test
    void everyChartKindRendersToPngAndSvg() throws IOException {
        String keep = System.getProperty("plot.check.dir");
        Chart[] charts = all().toArray(Chart[]::new);
        String[] names = {"loss-vs-step", "loss-vs-samples", "accuracy", "bowl"};
        for (int c = 0; c < charts.length; c++) {
            Path png = dir.resolve(names[c] + ".png");
            Path svg = dir.resolve(names[c] + ".svg");
            charts[c].savePng(png, 900, 600);
            charts[c].saveSvg(svg, 900, 600);

            BufferedImage image = ImageIO.read(png.toFile());
            assertEquals(900, image.getWidth(), names[c]);
            assertEquals(600, image.getHeight(), names[c]);
            assertTrue(distinctColours(image) > 20, names[c] + " looks flat");
            String text = Files.readString(svg, StandardCharsets.UTF_8);
            assertTrue(text.contains("<svg"), names[c]);
            assertTrue(text.contains(charts[c].title()), names[c] + " SVG lacks its title");
            if (keep != null) {
                Files.createDirectories(Path.of(keep));
                charts[c].savePng(Path.of(keep, names[c] + ".png"), 900, 600);
            }
        }
    }

    @Test
    void surfaceHeatMapUsesTheColourScale() {
        BufferedImage image = bowl().toImage(800, 700);
        // The viridis end colours must both appear: dark purple at the bowl's bottom, yellow at the rim.
        boolean dark = false;
        boolean yellow = false;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                int r = (rgb >> 16) & 0xff;
                int g = (rgb >> 8) & 0xff;
                int b = rgb & 0xff;
                dark |= r < 0x50 && g < 0x10 && b > 0x40 && b < 0x60;
                yellow |= r > 0xf0 && g > 0xd8 && b < 0x40;
            }
        }
        assertTrue(dark, "no viridis low-end colour in the heat map");
        assertTrue(yellow, "no viridis high-end colour in the heat map");
    }

    @Test
    void captionStandsUnderTheTitleOfEitherKind() {
        Chart line = LinePlot.builder().title("Loss").caption("GD falls smoothly, SGD noisily")
                .series(ExampleData.lossCurve("GD", 50, 0.03, 0.0, 1)).build();
        Chart surface = SurfacePlot.builder().title("Bowl").caption("both paths reach the bottom")
                .function((x, y) -> x * x + y * y).xRange(-1, 1).yRange(-1, 1).resolution(8).build();
        for (Chart c : List.of(line, surface)) {
            String svg = c.toSvg(600, 400);
            String caption = ((TextTitle) c.jfreeChart().getSubtitle(0)).getText();
            assertTrue(svg.contains(caption), caption + " not drawn");
            assertTrue(svg.indexOf(c.title()) < svg.indexOf(caption), "the caption is drawn before the title");
        }
        assertEquals("GD falls smoothly, SGD noisily", ((TextTitle) line.jfreeChart().getSubtitle(0)).getText());
        assertEquals("both paths reach the bottom", ((TextTitle) surface.jfreeChart().getSubtitle(0)).getText());
        // without one, no text stands between the title and the plot
        assertTrue(all().allMatch(c -> c.jfreeChart().getSubtitles().stream().noneMatch(t -> t instanceof TextTitle)));
    }

    @Test
    void pngBytesAreAPng() {
        byte[] png = accuracyPerEpoch().toPng(320, 200);
        assertTrue(png.length > 1000);
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertEquals('N', png[2]);
        assertEquals('G', png[3]);
    }

    @Test
    void savingReplacesAnExistingFile() throws IOException {
        Path png = dir.resolve("a.png");
        Files.writeString(png, "not a png");
        accuracyPerEpoch().savePng(png, 300, 200);
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(300, image.getWidth());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "temporary file left behind");
        }
    }

    static int distinctColours(BufferedImage image) {
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}

package dev.descent.examples.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.dsl.Model;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Runs the whole demo once on small budgets into a temporary folder and checks what it printed and wrote. */
class DemoTest {
    static final DemoConfig SMALL = SmallDemo.SMALL;

    static Path dir;
    static Demo.Run run;
    static String report;

    @BeforeAll
    static void runDemo() {
        SmallDemo.Output o = SmallDemo.get();
        dir = o.dir();
        run = o.run();
        report = o.printed();
    }

    @Test
    void reportReplaysTheTwoHandComputedSteps() {
        assertTrue(report.contains("w = 100 -> 99.8020"), report);
        assertTrue(report.contains("w = 100 -> 92.3770"), report);
        assertEquals(99.802, run.seedSteps().oneSample(), 1e-4);
        assertEquals(92.377, run.seedSteps().tenSamples(), 1e-4);
    }

    @Test
    void reportHasOneTableRowPerVariantWithStepsAndSamples() {
        assertTrue(report.contains("Equal budget: 3 epochs each = 600 samples processed"), report);
        assertRow("GD", 3, 600);
        assertRow("SGD", 600, 600);
        assertRow("mini-batch", 39, 600);
        List<RegressionRace.Variant> v = run.race().variants();
        // the same budget, paid in very different step counts
        assertEquals(List.of(3L, 600L, 39L), v.stream().map(RegressionRace.Variant::steps).toList());
        for (RegressionRace.Variant variant : v) {
            assertEquals(600, variant.samples(), variant.name());
            assertTrue(variant.finalLoss() < variant.initialLoss(), variant.name() + " did not descend");
            double[] c = variant.curve().losses();
            assertEquals(variant.finalLoss(), c[c.length - 1], 1e-6, "the curve ends at the table's loss");
        }
        // per sample processed, GD is far behind; SGD and mini-batches get near the noise floor
        assertTrue(v.get(0).finalLoss() > 10 * v.get(1).finalLoss(), report);
        assertTrue(v.get(1).finalLoss() < 0.05 && v.get(2).finalLoss() < 0.1, report);
    }

    private static void assertRow(String variant, long steps, long samples) {
        Pattern row = Pattern.compile("(?m)^   " + Pattern.quote(variant) + " +.*? +" + String.format("%,d", steps) + " +"
                + String.format("%,d", samples) + " +\\d+\\.\\d{5} ");
        assertTrue(row.matcher(report).find(), "no table row for " + variant + " in\n" + report);
    }

    @Test
    void bowlPathsStartAtOneOneAndGdEndsNearTheMinimum() {
        assertTrue(report.contains("3. Minimising f(x, y) = x^2 + y^2 from (1, 1), lr 0.1, 50 steps"), report);
        assertEquals(51, run.bowl().gd().trajectory().size());
        assertEquals(51, run.bowl().sgd().trajectory().size());
        float[] end = run.bowl().gd().trajectory().get(50).params().get("x");
        assertEquals(Math.pow(0.8, 50), end[0], 1e-7);
    }

    @Test
    void aCnnOnTheSameDigitsIsReportedBesideTheMlp() {
        Matcher m = Pattern.compile("Held-out accuracy: (\\d\\.\\d{4}) \\(\\d+ of \\d+ wrong; the MLP").matcher(report);
        assertTrue(m.find(), report);
        assertTrue(report.contains("conv 8@3x3 -> ReLU -> max-pool 2 -> conv 16@3x3"), report);
        double printed = Double.parseDouble(m.group(1));
        assertTrue(printed > 0.85, "the CNN's held-out accuracy " + printed);
    }

    @Test
    void digitsAccuracyIsHighAndReported() {
        Matcher m = Pattern.compile("Held-out accuracy: (\\d\\.\\d{4})").matcher(report);
        assertTrue(m.find(), report);
        double printed = Double.parseDouble(m.group(1));
        assertTrue(printed > 0.85, "held-out accuracy " + printed);
        assertEquals(run.result().valAccuracy(), printed, 1e-4);
        assertEquals(SMALL.digitsEpochs(), run.digits().history().epochs().size());
    }

    @Test
    void everyFileIsWrittenAndNonEmpty() throws IOException {
        List<Path> files = run.result().files();
        List<String> names = files.stream().map(p -> p.getFileName().toString()).toList();
        assertEquals(List.of("regression-loss-vs-step.png", "regression-loss-vs-step.svg", "regression-loss-vs-samples.png",
                "regression-loss-vs-samples.svg", "bowl-trajectories.png", "digits-loss.png", "digits-loss.svg",
                "digits-accuracy.png", "digits-accuracy.svg", "report.html"), names);
        for (Path f : files) {
            assertTrue(Files.size(f) > 1000, f + " is (nearly) empty");
            assertTrue(report.contains(f.getFileName().toString()), "report does not list " + f);
            if (f.toString().endsWith(".html")) {
                String html = Files.readString(f);
                assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("echarts") && html.contains("\"kind\":\"surface\""),
                        f.toString());
            } else if (f.toString().endsWith(".png")) {
                BufferedImage img = ImageIO.read(f.toFile());
                assertTrue(img != null && img.getWidth() >= 700 && img.getHeight() >= 600, f.toString());
                int colours = distinctColours(img);
                // lines in several colours plus antialiasing; the heat map has hundreds
                assertTrue(colours > 50, f + " has only " + colours + " colours");
            } else {
                String svg = Files.readString(f);
                assertTrue(svg.contains("<svg") && svg.contains("</svg>"), f.toString());
            }
        }
        assertTrue(distinctColours(ImageIO.read(dir.resolve("out/bowl-trajectories.png").toFile())) > 200);
    }

    @Test
    void savedModelLoadsBackAndPredictsTheSame() {
        Path file = run.result().modelFile();
        assertEquals(dir.resolve("out").resolve("digits-mlp.descent").toAbsolutePath(), file);
        assertTrue(Files.isRegularFile(file));
        INDArray expected = run.digits().valPredictions();
        try (Model loaded = Model.load(file)) {
            INDArray actual = loaded.predict(run.digits().valInputs());
            assertArrayEquals(expected.shape(), actual.shape());
            assertArrayEquals(expected.dup().data().asFloat(), actual.dup().data().asFloat(), 1e-6f);
        }
        assertEquals(0.0, run.digits().reloadMaxDiff(), 1e-6);
        assertTrue(report.contains("./descent inspect " + file), report);
    }

    private static int distinctColours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) {
            for (int x = 0; x < img.getWidth(); x += 2) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }
}

package dev.descent.examples.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import dev.descent.data.Dataset;
import dev.descent.data.Rng;
import dev.descent.dsl.Progress;
import dev.descent.train.History;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's parts on their own: closed forms, the noisy bowl's gradient, checkpoints, validation. */
class DemoPartsTest {

    @Test
    void closedFormOfTheSeedSteps() {
        assertEquals(99.802, SeedStepReplay.exact(new float[] {1f}), 1e-12);
        assertEquals(92.377, SeedStepReplay.exact(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), 1e-9);
    }

    @Test
    void noisyBowlStepsAlongTheTrueGradientPlusTheSeededNoise() {
        double sigma = 1.5;
        History h = NoisyBowl.noisy(3, sigma, 11L);
        Rng rng = new Rng(11L);
        double x = 1;
        double y = 1;
        for (int k = 1; k <= 3; k++) {
            double nx = (float) (sigma * rng.nextGaussian());
            double ny = (float) (sigma * rng.nextGaussian());
            x -= 0.1 * (2 * x + nx);
            y -= 0.1 * (2 * y + ny);
            History.Snapshot s = h.trajectory().get(k);
            assertEquals(k, s.step());
            assertEquals(x, s.params().get("x")[0], 1e-5, "x after step " + k);
            assertEquals(y, s.params().get("y")[0], 1e-5, "y after step " + k);
        }
    }

    @Test
    void noiselessBowlIsPlainGd() {
        History h = NoisyBowl.noisy(5, 0.0, 3L);
        assertEquals(Math.pow(0.8, 5), h.trajectory().get(5).params().get("x")[0], 1e-6);
    }

    @Test
    void regressionDataFollowTheLineWithSmallNoise() {
        Dataset d = RegressionRace.data(400, 5L);
        assertEquals(400, d.size());
        double sumSq = 0;
        for (int i = 0; i < d.size(); i++) {
            double x = d.array("x").getDouble(i, 0);
            double r = d.array("y").getDouble(i, 0) - (3 * x + 2);
            assertTrue(x >= -1 && x <= 1);
            sumSq += r * r;
        }
        assertEquals(RegressionRace.NOISE * RegressionRace.NOISE, sumSq / d.size(), 0.003);
        assertEquals(d.array("y").getDouble(17, 0), RegressionRace.data(400, 5L).array("y").getDouble(17, 0), "seeded");
    }

    @Test
    void checkpointsCoverStartEndAndStayBounded() {
        boolean[] few = LossCurve.checkpoints(12);
        for (int k = 1; k <= 12; k++) {
            assertTrue(few[k], "step " + k);
        }
        assertFalse(few[0]);
        boolean[] many = LossCurve.checkpoints(100_000);
        int count = 0;
        for (boolean b : many) {
            count += b ? 1 : 0;
        }
        assertTrue(many[1] && many[2] && many[100_000]);
        assertTrue(count > 150 && count < 300, "checkpoints: " + count);
    }

    @Test
    void samplesToReachFindsTheFirstCheckpointBelowTheTarget() {
        var c = new RegressionRace.LossCurveData(new double[] {0, 1, 2}, new double[] {0, 10, 20}, new double[] {5, 0.5, 0.05});
        assertEquals(10, Demo.samplesToReach(c, 1.0));
        assertEquals(20, Demo.samplesToReach(c, 0.1));
        assertTrue(Double.isNaN(Demo.samplesToReach(c, 0.01)));
    }

    @Test
    void digitsDataSetLoadsFromTheClassPath() {
        Dataset d = DigitsClassifier.load();
        assertEquals(1797, d.size());
        assertEquals(List.of(1797L, 64L), List.of(d.array("x").size(0), d.array("x").size(1)));
        assertEquals(16.0, d.array("x").maxNumber().doubleValue());
        assertEquals(9.0, d.array("y").maxNumber().doubleValue());
    }

    @Test
    void outputPathThatIsAFileIsRefusedBeforeAnyWork(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("taken"), "not a folder");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DescentException e = assertThrows(DescentException.class,
                () -> Demo.run(file, new PrintStream(bytes, true, StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("--out"), e.getMessage());
        assertEquals(0, bytes.size(), "nothing printed");
    }

    @Test
    void configRejectsNonsenseWithTheParameterName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DemoConfig(100, 0, 10, 0.1, 50, 1, 5, 32, 1, Progress.QUIET));
        assertTrue(e.getMessage().contains("regressionEpochs: 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DemoConfig(100, 2, 100, 0.1, 50, 1, 5, 32, 1, Progress.QUIET));
        assertTrue(e.getMessage().contains("miniBatchSize: 100"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new DemoConfig(100, 2, 10, -1, 50, 1, 5, 32, 1, Progress.QUIET));
        assertTrue(e.getMessage().contains("regressionLr: -1"), e.getMessage());
        assertEquals(Progress.QUIET, DemoConfig.standard().withProgress(Progress.QUIET).progress());
    }
}

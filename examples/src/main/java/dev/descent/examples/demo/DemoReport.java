package dev.descent.examples.demo;

import dev.descent.dsl.report.ConfusionMatrix;
import dev.descent.dsl.chart.HistorySeries;
import dev.descent.dsl.chart.Series;
import dev.descent.dsl.report.LineChart;
import dev.descent.dsl.report.Report;
import dev.descent.dsl.report.SurfaceView;
import dev.descent.dsl.report.Trajectory;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Part 5, interactive: {@code report.html}, one self-contained page with the bowl in 3D (GD's and noisy
 * SGD's paths on it), the race's loss curves against steps and against samples, and the digits MLP's
 * curves and confusion matrix, built with the DSL's {@link Report}.
 */
final class DemoReport {
    static final String FILE = "report.html";
    /** Names the report gives the two bowl paths (the browser test looks for them). */
    static final String GD_PATH = "GD, exact gradient";
    static final String SGD_PATH_PREFIX = "SGD, gradient + noise";

    private DemoReport() {
    }

    /** Writes {@code report.html} into {@code dir} (atomically) and returns its path. */
    static Path write(Path dir, SeedStepReplay seed, RegressionRace.Result race, NoisyBowl.Result bowl,
            DigitsClassifier.Result digits) {
        return build(seed, race, bowl, digits).write(dir.resolve(FILE));
    }

    static Report build(SeedStepReplay seed, RegressionRace.Result race, NoisyBowl.Result bowl,
            DigitsClassifier.Result digits) {
        Report.Builder r = Report.builder()
                .title("Descent demo: gradient descent you can turn")
                .subtitle("Written by ./descent demo: GD, SGD and mini-batch descent with torch.optim.SGD's update rule,"
                        + " step for step.")
                .text(String.format(Locale.ROOT, "The two hand-computed steps (pred = w·x, MSE, lr 0.001, from w = 100): one"
                        + " sample x = y = 1 takes w to %.4f; one batch x = y = 1..10 takes it to %.4f. The batch's gradient"
                        + " averages ten samples with larger x, so its step is 38.5 times longer.", seed.oneSample(),
                        seed.tenSamples()));
        r.surface(bowl(bowl));
        r.lineChart(lossVsSteps(race)).lineChart(lossVsSamples(race));
        r.lineChart(digitsLoss(digits)).lineChart(digitsAccuracy(digits));
        r.confusionMatrix(confusion(digits));
        return r.build();
    }

    static SurfaceView bowl(NoisyBowl.Result bowl) {
        Trajectory gd = Trajectory.of(GD_PATH, bowl.gd(), "x", "y");
        Trajectory sgd = Trajectory.of(String.format(Locale.ROOT, "%s N(0, %.1f²)", SGD_PATH_PREFIX, bowl.noise()), bowl.sgd(),
                "x", "y");
        double extent = NoisyBowl.extent(gd.x(), gd.y(), sgd.x(), sgd.y());
        return SurfaceView.builder()
                .title(String.format(Locale.ROOT, "f(x, y) = x² + y² from (1, 1), lr %.1f, %d steps: GD and noisy SGD",
                        NoisyBowl.LR, bowl.steps()))
                .caption("GD shrinks both coordinates by 0.8 a step, straight down the bowl; the noisy gradient gets down"
                        + " as fast, then keeps jittering around the bottom. Drag to turn the bowl, scroll to zoom,"
                        + " double-click to reset; hover a step for its values.")
                .function(NoisyBowl::f).xRange(-extent, extent).yRange(-extent, extent).resolution(36)
                .zLabel("loss").path(gd).path(sgd).build();
    }

    static LineChart lossVsSteps(RegressionRace.Result race) {
        LineChart.Builder b = LineChart.builder()
                .title(String.format(Locale.ROOT, "Loss vs steps taken (same budget: %d epochs of N = %,d)", race.epochs(),
                        race.points()))
                .caption("Fit pred = w·x + b to y = 3x + 2 + noise. GD takes few, exact steps; SGD many cheap, noisy ones.")
                .xLabel("steps taken").yLabel("MSE on all N points").logX(true).logY(true);
        for (RegressionRace.Variant v : race.variants()) {
            b.curve(new Series(label(v), v.curve().steps(), v.curve().losses()));
        }
        return b.build();
    }

    static LineChart lossVsSamples(RegressionRace.Result race) {
        LineChart.Builder b = LineChart.builder()
                .title(String.format(Locale.ROOT, "Loss vs samples processed (GD pays N = %,d a step, SGD 1)", race.points()))
                .caption("The fair comparison: the same number of samples processed buys SGD and mini-batches a far lower"
                        + " loss.")
                .xLabel("samples processed").yLabel("MSE on all N points").logY(true);
        for (RegressionRace.Variant v : race.variants()) {
            b.curve(new Series(label(v), v.curve().samples(), v.curve().losses()));
        }
        return b.build();
    }

    private static String label(RegressionRace.Variant v) {
        return String.format(Locale.ROOT, "%s, %,d steps", v.name(), v.steps());
    }

    static LineChart digitsLoss(DigitsClassifier.Result d) {
        return LineChart.builder().title("Digits MLP: cross-entropy per epoch")
                .caption(String.format(Locale.ROOT, "%,d training images, %,d held out; the validation loss is measured"
                        + " after each epoch.", d.trainSize(), d.validationSize()))
                .xLabel("epoch").yLabel("cross-entropy").logY(true)
                .curve(HistorySeries.epochLoss("training loss", d.history()))
                .curve(HistorySeries.epochMetric("validation loss", d.history(), "val_loss"))
                .build();
    }

    static LineChart digitsAccuracy(DigitsClassifier.Result d) {
        return LineChart.builder().title(String.format(Locale.ROOT, "Digits MLP: validation accuracy per epoch (final %.3f)",
                        d.valAccuracy()))
                .xLabel("epoch").yLabel("accuracy on held-out digits")
                .curve(HistorySeries.epochMetric("validation accuracy", d.history(), "val_accuracy"))
                .build();
    }

    static ConfusionMatrix confusion(DigitsClassifier.Result d) {
        ConfusionMatrix m = ConfusionMatrix.fromLogits(String.format(Locale.ROOT,
                "Digits MLP: confusion matrix of the %,d held-out images", d.validationSize()), d.valPredictions(), d.valLabels());
        return m.withCaption(String.format(Locale.ROOT, "%,d of %,d right (accuracy %.4f); off the diagonal, which digit"
                + " was taken for which.", m.correct(), m.total(), m.accuracy()));
    }
}

package dev.descent.examples.demo;

import dev.descent.dsl.plot.Chart;
import dev.descent.dsl.chart.HistorySeries;
import dev.descent.dsl.plot.LinePlot;
import dev.descent.dsl.chart.Series;
import dev.descent.dsl.plot.SurfacePlot;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;

/** Part 5: the demo's charts, each as PNG and SVG. */
final class DemoPlots {
    static final int WIDTH = 1000;
    static final int HEIGHT = 640;
    static final int BOWL_SIZE = 760;
    static final int BOWL_RESOLUTION = 160;

    private DemoPlots() {
    }

    /** Writes every chart into {@code dir}; returns the files in the order written. */
    static List<Path> write(Path dir, RegressionRace.Result race, NoisyBowl.Result bowl, DigitsClassifier.Result digits) {
        List<Path> files = new ArrayList<>();
        save(lossVsStep(race), dir, "regression-loss-vs-step", WIDTH, HEIGHT, files);
        save(lossVsSamples(race), dir, "regression-loss-vs-samples", WIDTH, HEIGHT, files);
        // PNG only: in SVG the heat map is one rectangle per cell, megabytes even at a coarse grid
        Path png = dir.resolve("bowl-trajectories.png");
        bowl(bowl, BOWL_RESOLUTION).savePng(png, BOWL_SIZE, BOWL_SIZE);
        files.add(png);
        save(digitsLoss(digits), dir, "digits-loss", WIDTH, HEIGHT, files);
        save(digitsAccuracy(digits), dir, "digits-accuracy", WIDTH, HEIGHT, files);
        return List.copyOf(files);
    }

    private static void save(Chart chart, Path dir, String stem, int w, int h, List<Path> files) {
        Path png = dir.resolve(stem + ".png");
        chart.savePng(png, w, h);
        files.add(png);
        Path svg = dir.resolve(stem + ".svg");
        chart.saveSvg(svg, w, h);
        files.add(svg);
    }

    static Chart lossVsStep(RegressionRace.Result race) {
        LinePlot.Builder b = LinePlot.builder()
                .title(String.format(Locale.ROOT, "Loss vs steps taken (same budget: %d epochs of N = %,d)",
                        race.epochs(), race.points()))
                .xLabel("steps taken (log scale)").yLabel("MSE on all N points (log scale)").logX(true).logY(true)
                .points(false);
        for (RegressionRace.Variant v : race.variants()) {
            RegressionRace.LossCurveData c = v.curve();
            // step 0 (before training) has no place on a log axis
            int from = c.steps()[0] == 0 ? 1 : 0;
            b.series(new Series(label(v), Arrays.copyOfRange(c.steps(), from, c.steps().length),
                    Arrays.copyOfRange(c.losses(), from, c.losses().length)));
        }
        return b.build();
    }

    static Chart lossVsSamples(RegressionRace.Result race) {
        LinePlot.Builder b = LinePlot.builder()
                .title(String.format(Locale.ROOT, "Loss vs samples processed (GD pays N = %,d per step, SGD 1)",
                        race.points()))
                .xLabel("samples processed").yLabel("MSE on all N points (log scale)").logY(true).points(false);
        for (RegressionRace.Variant v : race.variants()) {
            b.series(new Series(label(v), v.curve().samples(), v.curve().losses()));
        }
        return b.build();
    }

    private static String label(RegressionRace.Variant v) {
        return String.format(Locale.ROOT, "%s (%s, %,d steps)", v.name(), v.batching(), v.steps());
    }

    static Chart bowl(NoisyBowl.Result bowl, int resolution) {
        Series gd = HistorySeries.trajectory("GD, exact gradient", bowl.gd(), "x", "y");
        Series sgd = HistorySeries.trajectory(String.format(Locale.ROOT, "SGD, gradient + N(0, %.1f²) noise",
                bowl.noise()), bowl.sgd(), "x", "y");
        double extent = NoisyBowl.extent(gd.x(), gd.y(), sgd.x(), sgd.y());
        return SurfacePlot.builder()
                .title(String.format(Locale.ROOT, "f(x, y) = x² + y² from (1, 1), lr %.1f, %d steps", NoisyBowl.LR,
                        bowl.steps()))
                .function(NoisyBowl::f).xRange(-extent, extent).yRange(-extent, extent).resolution(resolution)
                .valueLabel("x² + y²").trajectory(gd).trajectory(sgd).build();
    }

    static Chart digitsLoss(DigitsClassifier.Result d) {
        return LinePlot.builder().title("Digits MLP: cross-entropy per epoch")
                .xLabel("epoch").yLabel("cross-entropy (log scale)").logY(true)
                .series(HistorySeries.epochLoss("training loss (mean over the epoch's batches)", d.history()))
                .series(HistorySeries.epochMetric("validation loss (held-out 20%)", d.history(), "val_loss"))
                .build();
    }

    static Chart digitsAccuracy(DigitsClassifier.Result d) {
        Chart chart = LinePlot.builder().title(String.format(Locale.ROOT,
                        "Digits MLP: validation accuracy per epoch (final %.3f)", d.valAccuracy()))
                .xLabel("epoch").yLabel("accuracy on held-out digits")
                .series(HistorySeries.epochMetric("validation accuracy", d.history(), "val_accuracy"))
                .build();
        // up to 1.0, from at most 0.9: the auto range would blow a 1% wobble up to full height
        double lowest = Arrays.stream(d.history().epochMetric("val_accuracy")).filter(Double::isFinite).min().orElse(0.9);
        double lower = Math.max(0, Math.min(0.9, Math.floor(lowest * 20) / 20));
        NumberAxis axis = (NumberAxis) chart.jfreeChart().getXYPlot().getRangeAxis();
        axis.setRange(lower, 1.0);
        axis.setTickUnit(new NumberTickUnit(lower < 0.8 ? 0.05 : 0.01));
        return chart;
    }
}

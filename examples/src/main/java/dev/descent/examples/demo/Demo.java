package dev.descent.examples.demo;

import dev.descent.DescentException;
import dev.descent.dsl.Progress;
import dev.descent.train.EpochRecord;
import dev.descent.train.History;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code ./descent demo}: runs the five parts and prints a plain-text report to {@code out} (training
 * progress and logging go to stderr). Charts, the interactive {@code report.html} and the trained digits
 * model land in the output folder.
 *
 * <pre>{@code
 * Demo.Result r = Demo.run(Path.of("descent-out"), System.out);
 * }</pre>
 */
public final class Demo {
    /** The model-inspection command the report points to. */
    static final String INSPECT = "./descent inspect";

    private Demo() {
    }

    /** What a run produced, for callers and tests. */
    public record Result(Path outDir, List<Path> files, Path modelFile, double valAccuracy, double seconds) {
    }

    /** The standard demo into {@code outDir} (created if missing), report on {@code out}. */
    public static Result run(Path outDir, PrintStream out) {
        return run(DemoConfig.standard(), outDir, out);
    }

    /** The demo with the given budgets. */
    public static Result run(DemoConfig cfg, Path outDir, PrintStream out) {
        return runAll(cfg, outDir, out).result();
    }

    /**
     * The demo's digits classifier alone, for {@code epochs} epochs and without output, into
     * {@code outDir}: the shape of a typical training script (a CSV read, a split standardised, a
     * DSL model fitted with validation, evaluated, saved and loaded back). Returns the validation
     * accuracy.
     */
    public static double digitsOnly(int epochs, Path outDir) {
        DemoConfig s = DemoConfig.standard();
        DemoConfig cfg = new DemoConfig(s.regressionPoints(), s.regressionEpochs(), s.miniBatchSize(), s.regressionLr(),
                s.bowlSteps(), s.bowlNoise(), epochs, s.digitsHidden(), s.seed(), Progress.QUIET);
        return DigitsClassifier.run(cfg, prepare(outDir)).valAccuracy();
    }

    /** Every part's results, for tests. */
    record Run(Result result, SeedStepReplay seedSteps, RegressionRace.Result race, NoisyBowl.Result bowl,
            DigitsClassifier.Result digits) {
    }

    static Run runAll(DemoConfig cfg, Path outDir, PrintStream out) {
        Objects.requireNonNull(cfg, "cfg");
        Objects.requireNonNull(out, "out");
        Path dir = prepare(outDir);
        long t0 = System.nanoTime();
        out.println("Descent demo: gradient descent the way the source material teaches it");
        out.println("Output folder: " + dir);
        out.println();

        long[] marks = new long[6];
        marks[0] = t0;
        SeedStepReplay seed = SeedStepReplay.run();
        printSeedSteps(seed, out);
        marks[1] = System.nanoTime();

        RegressionRace.Result race = RegressionRace.run(cfg);
        printRace(race, out);
        marks[2] = System.nanoTime();

        NoisyBowl.Result bowl = NoisyBowl.run(cfg);
        printBowl(bowl, out);
        marks[3] = System.nanoTime();

        DigitsClassifier.Result digits = DigitsClassifier.run(cfg, dir);
        printDigits(cfg, digits, out);
        printCnn(DigitsCnn.run(cfg), digits, out);
        marks[4] = System.nanoTime();

        List<Path> files = new ArrayList<>(DemoPlots.write(dir, race, bowl, digits));
        files.add(DemoReport.write(dir, seed, race, bowl, digits));
        printFiles(files, digits.modelFile(), out);
        marks[5] = System.nanoTime();

        double seconds = (marks[5] - t0) / 1e9;
        out.printf(Locale.ROOT, "Done in %.1f s (seed steps %.1f s, race %.1f s, bowl %.1f s, digits %.1f s, charts %.1f s).%n",
                seconds, sec(marks, 1), sec(marks, 2), sec(marks, 3), sec(marks, 4), sec(marks, 5));
        out.flush();
        return new Run(new Result(dir, List.copyOf(files), digits.modelFile(), digits.valAccuracy(), seconds), seed, race, bowl, digits);
    }

    private static double sec(long[] marks, int i) {
        return (marks[i] - marks[i - 1]) / 1e9;
    }

    private static Path prepare(Path outDir) {
        Path dir = outDir.toAbsolutePath().normalize();
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new DescentException("The output path " + dir + " exists and is not a folder. Fix: pass another --out DIR.");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DescentException("Cannot create the output folder " + dir + ": " + e.getMessage()
                    + ". Fix: pass a writable --out DIR.", e);
        }
        return dir;
    }

    private static void printSeedSteps(SeedStepReplay s, PrintStream out) {
        out.println("1. The two hand-computed steps (pred = w*x, MSE, lr 0.001, from w = 100)");
        out.printf(Locale.ROOT, "   one sample, x = y = 1:          w = 100 -> %.4f   (by hand: 100 - 0.001*2*(100-1)*1 = %.4f)%n",
                s.oneSample(), s.oneSampleExact());
        out.printf(Locale.ROOT, "   one batch, x = y = 1..10:       w = 100 -> %.4f   (by hand: 100 - 0.001*2*(100-1)*38.5 = %.4f)%n",
                s.tenSamples(), s.tenSamplesExact());
        out.println("   The batch's gradient averages ten samples, and these have larger x, so its step is 38.5 times longer.");
        out.println();
    }

    private static void printRace(RegressionRace.Result r, PrintStream out) {
        long budget = (long) r.epochs() * r.points();
        out.printf(Locale.ROOT, "2. GD vs SGD vs mini-batch: fit pred = w*x + b to y = %.0fx + %.0f + noise (sd %.1f)%n",
                RegressionRace.TRUE_W, RegressionRace.TRUE_B, RegressionRace.NOISE);
        out.printf(Locale.ROOT, "   N = %,d points, from w = b = 0, plain SGD update with lr %s for all three.%n", r.points(),
                fmt(r.lr()));
        out.printf(Locale.ROOT, "   Equal budget: %d epochs each = %,d samples processed. Loss = MSE on all %,d points"
                + " (floor ~ %.2f, the noise variance).%n", r.epochs(), budget, r.points(), RegressionRace.NOISE * RegressionRace.NOISE);
        out.printf(Locale.ROOT, "   %-11s %-30s %8s %10s %11s %8s %8s %11s %10s%n", "variant", "samples per step", "steps",
                "samples", "final loss", "w", "b", "train time", "per step");
        for (RegressionRace.Variant v : r.variants()) {
            out.printf(Locale.ROOT, "   %-11s %-30s %,8d %,10d %11.5f %8.4f %8.4f %9.2f s %7.2f ms%n", v.name(), v.batching(),
                    v.steps(), v.samples(), v.finalLoss(), v.w(), v.b(), v.trainSeconds(), v.secondsPerStep() * 1e3);
        }
        out.println("   (train time: wall clock of the training run, without the loss-curve evaluations for the charts)");
        double initial = r.variants().get(0).initialLoss();
        double target = 0.1;
        out.printf(Locale.ROOT, "   Starting loss %.4f. Samples processed until the loss first fell below %s:", initial, fmt(target));
        for (RegressionRace.Variant v : r.variants()) {
            double seen = samplesToReach(v.curve(), target);
            out.printf(Locale.ROOT, " %s %s;", v.name(), Double.isNaN(seen) ? "not within the budget" : String.format(Locale.ROOT, "%,.0f", seen));
        }
        out.println();
        out.println("   GD pays N samples for every step, so the same budget buys it only " + r.variants().get(0).steps()
                + " steps; SGD takes a step per sample,");
        out.println("   noisy but cheap, and mini-batches average the noise away at a fraction of GD's cost per step.");
        out.println();
    }

    /** The samples processed at the first checkpoint whose loss is at most {@code target} (NaN if none). */
    static double samplesToReach(RegressionRace.LossCurveData c, double target) {
        for (int i = 0; i < c.losses().length; i++) {
            if (c.losses()[i] <= target) {
                return c.samples()[i];
            }
        }
        return Double.NaN;
    }

    private static void printBowl(NoisyBowl.Result b, PrintStream out) {
        out.printf(Locale.ROOT, "3. Minimising f(x, y) = x^2 + y^2 from (1, 1), lr %s, %d steps%n", fmt(NoisyBowl.LR), b.steps());
        printPath("GD,  exact gradient (2x, 2y)", b.gd(), out);
        printPath(String.format(Locale.ROOT, "SGD, gradient + N(0, %.1f^2) noise", b.noise()), b.sgd(), out);
        out.printf(Locale.ROOT, "   GD shrinks both coordinates by exactly 1 - 2*lr = %.1f per step (%.1f^%d = %.3g); the noisy%n",
                1 - 2 * NoisyBowl.LR, 1 - 2 * NoisyBowl.LR, b.steps(), Math.pow(1 - 2 * NoisyBowl.LR, b.steps()));
        out.printf(Locale.ROOT, "   gradient reaches the bottom as fast, then keeps jittering around it (mean f over the last"
                + " half: %.4f).%n", meanTail(b.sgd()));
        out.println();
    }

    private static void printPath(String label, History h, PrintStream out) {
        History.Snapshot last = h.trajectory().get(h.trajectory().size() - 1);
        double x = last.params().get("x")[0];
        double y = last.params().get("y")[0];
        out.printf(Locale.ROOT, "   %-38s ends at (%9.5f, %9.5f), f = %.3g after %d steps%n", label, x, y, NoisyBowl.f(x, y),
                last.step());
    }

    private static double meanTail(History h) {
        List<History.Snapshot> t = h.trajectory();
        int from = t.size() / 2;
        double sum = 0;
        for (int i = from; i < t.size(); i++) {
            sum += NoisyBowl.f(t.get(i).params().get("x")[0], t.get(i).params().get("y")[0]);
        }
        return sum / (t.size() - from);
    }

    private static void printDigits(DemoConfig cfg, DigitsClassifier.Result d, PrintStream out) {
        out.printf(Locale.ROOT, "4. MLP classifier on the 8x8 digits (%,d images: %,d for training, %,d held out)%n",
                d.trainSize() + d.validationSize(), d.trainSize(), d.validationSize());
        out.printf(Locale.ROOT, "   64 -> %d ReLU -> 10, %,d parameters; cross-entropy; SGD lr %s momentum %s; batches of %d;"
                + " %d epochs%n", cfg.digitsHidden(), d.parameters(), fmt(DigitsClassifier.LR), fmt(DigitsClassifier.MOMENTUM),
                DigitsClassifier.BATCH, cfg.digitsEpochs());
        out.println("   Inputs standardised with the mean and std of the training part only.");
        out.printf(Locale.ROOT, "   %5s %11s %10s %13s%n", "epoch", "train loss", "val loss", "val accuracy");
        List<EpochRecord> epochs = d.history().epochs();
        for (EpochRecord e : epochs) {
            long n = e.epoch() + 1;
            if (n <= 3 || n % 5 == 0 || n == epochs.size()) {
                out.printf(Locale.ROOT, "   %5d %11.4f %10.4f %13.4f%n", n, e.meanLoss(),
                        e.metrics().getOrDefault("val_loss", Double.NaN), e.metrics().getOrDefault("val_accuracy", Double.NaN));
            }
        }
        out.printf(Locale.ROOT, "   Held-out accuracy: %.4f (%d of %d wrong); training accuracy %.4f; trained in %.1f s.%n",
                d.valAccuracy(), d.wrong(), d.validationSize(), d.trainAccuracy(), d.seconds());
        out.printf(Locale.ROOT, "   Saved the model to %s; read back, it predicts %s.%n", d.modelFile().getFileName(),
                d.reloadMaxDiff() == 0 ? "exactly the same logits"
                        : String.format(Locale.ROOT, "the same logits up to %.2g", d.reloadMaxDiff()));
        out.println();
    }

    private static void printCnn(DigitsCnn.Result c, DigitsClassifier.Result mlp, PrintStream out) {
        out.println("   The same digits as 1x8x8 images, through a small CNN:");
        out.printf(Locale.ROOT, "   conv 8@3x3 -> ReLU -> max-pool 2 -> conv 16@3x3 -> ReLU -> max-pool 2 -> 10, %,d parameters;"
                + " %d epochs%n", c.parameters(), c.epochs());
        out.printf(Locale.ROOT, "   Held-out accuracy: %.4f (%d of %d wrong; the MLP: %.4f); trained in %.1f s.%n",
                c.valAccuracy(), c.wrong(), mlp.validationSize(), mlp.valAccuracy(), c.seconds());
        out.println();
    }

    private static void printFiles(List<Path> files, Path model, PrintStream out) {
        out.println("5. Pictures and files");
        for (Path f : files) {
            out.printf(Locale.ROOT, "   %-36s %s%n", f.getFileName(), describe(f.getFileName().toString()));
        }
        out.printf(Locale.ROOT, "   %-36s %s%n", model.getFileName(), "the trained digits MLP (" + INSPECT + " " + model + ")");
        out.println();
    }

    private static String describe(String name) {
        String kind = name.endsWith(".svg") ? " (SVG)" : "";
        if (name.startsWith("regression-loss-vs-step")) {
            return "loss vs steps, log-log: GD, SGD, mini-batch" + kind;
        }
        if (name.startsWith("regression-loss-vs-samples")) {
            return "loss vs samples processed: the fair comparison" + kind;
        }
        if (name.startsWith("bowl-trajectories")) {
            return "GD's and noisy SGD's paths over the x^2 + y^2 colour map" + kind;
        }
        if (name.startsWith("digits-loss")) {
            return "digits MLP: training and validation loss per epoch" + kind;
        }
        if (name.startsWith("digits-accuracy")) {
            return "digits MLP: validation accuracy per epoch" + kind;
        }
        if (name.equals(DemoReport.FILE)) {
            return "all of it, interactive: turn the bowl in 3D, zoom the curves (one file, opens offline)";
        }
        return "";
    }

    /** Shortest plain rendering of a hyper-parameter (0.1, not 0.100000). */
    private static String fmt(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}

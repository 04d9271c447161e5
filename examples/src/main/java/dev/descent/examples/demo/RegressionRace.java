package dev.descent.examples.demo;

import dev.descent.data.Dataset;
import dev.descent.data.Rng;
import dev.descent.dsl.Descent;
import dev.descent.dsl.Model;
import dev.descent.dsl.TrainingConfig;
import dev.descent.dsl.loss.Loss;
import dev.descent.graph.Expr;
import dev.descent.train.History;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Part 2: one linear regression, {@code y = 3x + 2 + noise}, fitted by {@code pred = w·x + b} from
 * w = b = 0 three ways (GD: all N samples per step; SGD: one random sample per step; mini-batch)
 * with the same learning rate and the same budget of samples processed (the same number of epochs).
 * The loss everywhere is the MSE on the whole data set, evaluated by {@link Model#evaluate}.
 */
final class RegressionRace {
    static final double TRUE_W = 3;
    static final double TRUE_B = 2;
    static final double NOISE = 0.1;

    private RegressionRace() {
    }

    /** One variant's run. */
    record Variant(String name, String batching, long steps, long samples, double initialLoss, double finalLoss,
            double w, double b, double trainSeconds, LossCurveData curve, History history) {
        /** Seconds per step of training. */
        double secondsPerStep() {
            return trainSeconds / steps;
        }
    }

    /** A recorded full-data loss curve. */
    record LossCurveData(double[] steps, double[] samples, double[] losses) {
    }

    /** The race's data set and runs. */
    record Result(int points, int epochs, double lr, List<Variant> variants) {
    }

    /** N points x uniform in [-1, 1], y = 3x + 2 + N(0, 0.1²), from a seeded generator. */
    static Dataset data(int n, long seed) {
        Rng rng = new Rng(seed);
        float[][] xs = new float[n][1];
        float[][] ys = new float[n][1];
        for (int i = 0; i < n; i++) {
            double x = 2 * rng.nextDouble() - 1;
            xs[i][0] = (float) x;
            ys[i][0] = (float) (TRUE_W * x + TRUE_B + NOISE * rng.nextGaussian());
        }
        return Dataset.of("x", Nd4j.createFromArray(xs), "y", Nd4j.createFromArray(ys));
    }

    static Result run(DemoConfig cfg) {
        Dataset data = data(cfg.regressionPoints(), cfg.seed());
        warmUp(data, cfg);
        List<Variant> variants = new ArrayList<>();
        variants.add(fit("GD", "full batch (N = " + cfg.regressionPoints() + ")", data, cfg, TrainingConfig.Builder::fullBatch));
        variants.add(fit("SGD", "1 random sample", data, cfg, TrainingConfig.Builder::singleSample));
        variants.add(fit("mini-batch", "shuffled batches of " + cfg.miniBatchSize(), data, cfg,
                t -> t.miniBatch(cfg.miniBatchSize())));
        return new Result(cfg.regressionPoints(), cfg.regressionEpochs(), cfg.regressionLr(), List.copyOf(variants));
    }

    /**
     * A few throwaway steps of each kind first, so that the timed runs do not pay for the JIT and
     * ND4J's first-use costs (which would all land on whichever variant ran first).
     */
    private static void warmUp(Dataset data, DemoConfig cfg) {
        try (Model model = Model.of(line(), Loss.mse())) {
            model.fit(data, t -> t.optimizer(Descent.sgd(cfg.regressionLr())).steps(3).quiet());
            model.fit(data, t -> t.optimizer(Descent.sgd(cfg.regressionLr())).singleSample().steps(100).quiet());
            model.fit(data, t -> t.optimizer(Descent.sgd(cfg.regressionLr())).miniBatch(cfg.miniBatchSize()).steps(10).quiet());
            model.evaluate(data);
        }
    }

    /** pred = w·x + b over input x [batch, 1], from w = b = 0. */
    private static Expr line() {
        Expr x = Descent.input("x", 1);
        Expr w = Descent.param("w", new float[][] {{0f}});
        Expr b = Descent.param("b", new float[] {0f});
        return x.matmul(w).plus(b);
    }

    private static Variant fit(String name, String batching, Dataset data, DemoConfig cfg,
            Consumer<TrainingConfig.Builder> batchingChoice) {
        try (Model model = Model.of(line(), Loss.mse())) {
            TrainingConfig.Builder t = TrainingConfig.builder().optimizer(Descent.sgd(cfg.regressionLr()))
                    .epochs(cfg.regressionEpochs()).seed(cfg.seed()).progress(cfg.progress());
            batchingChoice.accept(t);
            long stepsPerEpoch = t.build().plan().batching().stepsPerEpoch(data.size());
            LossCurve curve = new LossCurve(model, data, stepsPerEpoch * cfg.regressionEpochs());
            TrainingConfig config = t.onStep(curve).build();
            long t0 = System.nanoTime();
            History h = model.fit(data, config);
            long nanos = System.nanoTime() - t0 - curve.evalNanos();
            double finalLoss = model.evaluate(data).get("loss");
            long samples = h.steps().get(h.steps().size() - 1).totalSamples();
            return new Variant(name, batching, h.steps().size(), samples, curve.losses()[0], finalLoss,
                    model.parameters().get("w").getDouble(0), model.parameters().get("b").getDouble(0), nanos / 1e9,
                    new LossCurveData(curve.steps(), curve.samples(), curve.losses()), h);
        }
    }
}

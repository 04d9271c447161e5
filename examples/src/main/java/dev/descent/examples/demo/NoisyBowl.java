package dev.descent.examples.demo;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.data.Rng;
import dev.descent.examples.BowlDescent;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.optim.Sgd;
import dev.descent.train.History;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Part 3: minimise {@code f(x, y) = x² + y²} from (1, 1) with lr 0.1, once with the exact gradient
 * (GD) and once with a noisy one, the way SGD sees a loss through a random sample.
 *
 * <p>The noise is honest: the objective is {@code x² + y² + n_x·x + n_y·y}, whose inputs
 * {@code n_x, n_y} are one row of a seeded Gaussian table per step, so the library differentiates
 * it to {@code (2x + n_x, 2y + n_y)}, the true gradient plus zero-mean noise. Both runs record the
 * position after every step ({@code trajectoryStride(1)}).
 */
final class NoisyBowl {
    static final double X0 = 1;
    static final double Y0 = 1;
    static final double LR = 0.1;

    private NoisyBowl() {
    }

    /** Both paths. */
    record Result(int steps, double noise, History gd, History sgd) {
    }

    static Result run(DemoConfig cfg) {
        History gd = BowlDescent.run(X0, Y0, LR, cfg.bowlSteps());
        return new Result(cfg.bowlSteps(), cfg.bowlNoise(), gd, noisy(cfg.bowlSteps(), cfg.bowlNoise(), cfg.seed()));
    }

    static History noisy(int steps, double sigma, long seed) {
        Expr x = Ops.param("x", Nd4j.scalar((float) X0));
        Expr y = Ops.param("y", Nd4j.scalar((float) Y0));
        Expr nx = Ops.input("n_x", Shape.ANY);
        Expr ny = Ops.input("n_y", Shape.ANY);
        // batches of one row: mean() is that row's value, a scalar like x and y
        Expr loss = x.square().plus(y.square()).plus(Ops.mean(nx).times(x)).plus(Ops.mean(ny).times(y));
        Rng rng = new Rng(seed);
        float[] noiseX = new float[steps];
        float[] noiseY = new float[steps];
        for (int i = 0; i < steps; i++) {
            noiseX[i] = (float) (sigma * rng.nextGaussian());
            noiseY[i] = (float) (sigma * rng.nextGaussian());
        }
        Dataset noise = Dataset.of("n_x", Nd4j.createFromArray(noiseX), "n_y", Nd4j.createFromArray(noiseY));
        try (CompiledModel model = GraphCompiler.compile(ModelGraph.builder().loss(loss).build())) {
            // unshuffled batches of one: step k reads noise row k
            return Trainer.create(model, TrainingPlan.builder().optimizer(Sgd.builder().lr(LR).build()).batching(Batching.miniBatch(1).shuffle(false))
                    .steps(steps).trajectoryStride(1).build()).fit(noise);
        }
    }

    /** The bowl itself, for reports and the colour map. */
    static double f(double x, double y) {
        return x * x + y * y;
    }

    /** Half the side of a square view centred on the minimum that shows every coordinate (and at least the start). */
    static double extent(double[]... coordinates) {
        double extent = 1.25;
        for (double[] axis : coordinates) {
            for (double v : axis) {
                extent = Math.max(extent, Math.abs(v) + 0.1);
            }
        }
        return extent;
    }
}

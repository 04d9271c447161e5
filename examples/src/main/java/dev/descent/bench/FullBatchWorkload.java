package dev.descent.bench;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.data.Rng;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.optim.Sgd;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * W2, full-batch gradient descent: X [1,000,000 x 16] ~ N(0,1) (100,000 quick),
 * {@code y = X w* + 0.5 + 0.1 N(0,1)} with w* = linspace(-1, 1, 16); linear model {@code X @ w + b}, MSE,
 * plain SGD lr 0.1 from zeros, 50 timed steps after 3 warm-up steps. Checks that the final loss is the
 * noise variance, 0.0100, within 5%.
 */
final class FullBatchWorkload implements Workload {
    static final int F = 16;
    static final int STEPS = 50;

    static Dataset data(int n) {
        Rng rng = new Rng(2);
        float[] x = Gaussians.normal(rng, n * F, 1.0);
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < F; j++) {
                s += x[i * F + j] * (-1.0 + 2.0 * j / (F - 1));
            }
            y[i] = (float) (s + 0.5 + 0.1 * rng.nextGaussian());
        }
        return Dataset.of("x", Nd4j.create(x, new long[] {n, F}, 'c'), "y", Nd4j.create(y, new long[] {n, 1}, 'c'));
    }

    static CompiledModel model() {
        Expr x = Ops.input("x", Shape.ANY, F);
        Expr y = Ops.input("y", Shape.ANY, 1);
        Expr w = Ops.param("w", Nd4j.zeros(DataType.FLOAT, F, 1));
        Expr b = Ops.param("b", Nd4j.zeros(DataType.FLOAT, 1));
        Expr pred = x.matmul(w).plus(b);
        return GraphCompiler.compile(ModelGraph.builder().output("pred", pred)
                .loss(Ops.mean(Ops.square(pred.minus(y)))).build());
    }

    static Trainer trainer(CompiledModel model, long steps) {
        return Trainer.create(model, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.1).build()).batching(Batching.fullBatch()).steps(steps).build());
    }

    @Override
    public void run(boolean quick, Metrics out) {
        int n = quick ? 100_000 : 1_000_000;
        Dataset data = data(n);
        try (CompiledModel model = model()) {
            trainer(model, 3).fit(data);   // warm-up
            model.setParameters(Map.of("w", Nd4j.zeros(DataType.FLOAT, F, 1), "b", Nd4j.zeros(DataType.FLOAT, 1)));
            Trainer timed = trainer(model, STEPS);
            Measured m = Measured.run(() -> timed.fit(data));
            double sec = m.nanos() / 1e9 / STEPS;
            Map<String, INDArray> all = data.arrays();
            double finalLoss = model.loss(all);
            double bytes = (double) n * F * 4 + (double) n * 4;
            out.emit("ms_per_step", sec * 1e3, "ms");
            out.emit("data_GBps", bytes / sec / 1e9, "GB/s (X+y bytes, one pass, per step)");
            out.emit("final_loss", finalLoss, "mse");
            m.emitGrowth(out);
            if (timed.steps() != STEPS) {
                throw new CheckFailedException("W2 ran " + timed.steps() + " steps, expected " + STEPS);
            }
            CheckFailedException.near("W2 final loss", finalLoss, 0.0100, 0.0005);
        }
    }
}

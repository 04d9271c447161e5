package dev.descent.bench;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
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
 * W1, per-step overhead: {@code pred = x * w + b}, MSE, plain SGD lr 0.01, batch 1 in data order,
 * 20,000 timed steps (2,000 quick) after 500 warm-up steps on the same compiled model (parameters
 * reset to zero, fresh trainer). Checks that (w, b) reached (3, 2) within 0.1.
 */
final class StepOverheadWorkload implements Workload {
    static final int N = 20_000;
    static final int WARMUP = 500;

    /** {@code x_i = ((i*7919) mod 20000)/10000 - 1}, {@code y_i = 3 x_i + 2 + 0.1 sin(1.7 i)}, as float32 [n, 1]. */
    static Dataset data(int n) {
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (((i * 7919L) % 20000) / 10000.0 - 1.0);
            y[i] = (float) (3.0 * x[i] + 2.0 + 0.1 * Math.sin(1.7 * i));
        }
        return Dataset.of("x", Nd4j.createFromArray(x).reshape(n, 1), "y", Nd4j.createFromArray(y).reshape(n, 1));
    }

    /** The linear model {@code x * w + b} with MSE, w [1, 1] and b [1] from zero. */
    static CompiledModel model() {
        Expr x = Ops.input("x", Shape.ANY, 1);
        Expr y = Ops.input("y", Shape.ANY, 1);
        Expr w = Ops.param("w", Nd4j.zeros(DataType.FLOAT, 1, 1));
        Expr b = Ops.param("b", Nd4j.zeros(DataType.FLOAT, 1));
        Expr pred = x.times(w).plus(b);
        return GraphCompiler.compile(ModelGraph.builder().output("pred", pred)
                .loss(Ops.mean(Ops.square(pred.minus(y)))).build());
    }

    /** A trainer running {@code steps} SGD steps of batch 1, in data order. */
    static Trainer trainer(CompiledModel model, long steps) {
        return Trainer.create(model, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.01).build())
                .batching(Batching.miniBatch(1).shuffle(false)).steps(steps).build());
    }

    @Override
    public void run(boolean quick, Metrics out) {
        int n = quick ? 2000 : N;
        Dataset data = data(n);
        try (CompiledModel model = model()) {
            trainer(model, Math.min(WARMUP, n)).fit(data);   // warm-up: JIT, graph session, buffers
            model.setParameters(Map.of("w", Nd4j.zeros(DataType.FLOAT, 1, 1), "b", Nd4j.zeros(DataType.FLOAT, 1)));
            Trainer timed = trainer(model, n);
            Measured m = Measured.run(() -> timed.fit(data));
            INDArray w = model.parameters().get("w");
            INDArray b = model.parameters().get("b");
            double fw = w.getDouble(0);
            double fb = b.getDouble(0);
            out.emit("us_per_step", m.nanos() / 1e3 / n, "us");
            out.emit("final_w", fw, "expect ~3");
            out.emit("final_b", fb, "expect ~2");
            m.emitGrowth(out);
            if (timed.steps() != n) {
                throw new CheckFailedException("W1 ran " + timed.steps() + " steps, expected " + n);
            }
            CheckFailedException.near("W1 final w", fw, 3.0, 0.1);
            CheckFailedException.near("W1 final b", fb, 2.0, 0.1);
        }
    }
}

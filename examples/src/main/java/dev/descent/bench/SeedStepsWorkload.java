package dev.descent.bench;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Dataset;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.optim.Sgd;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * W0, the seed steps: {@code pred = x * w} (broadcast multiply, as the peers), MSE, plain SGD lr 0.001,
 * w = 100; one step on x = y = 1 gives 99.8020, on x = y = 1..10 as one batch 92.3770 (checked to 1e-4).
 */
final class SeedStepsWorkload implements Workload {
    static final double EXPECT_1X1 = 99.8020;
    static final double EXPECT_BATCH10 = 92.3770;

    @Override
    public void run(boolean quick, Metrics out) {
        double a = stepFrom100(1f);
        double b = stepFrom100(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        boolean ok = Math.abs(a - EXPECT_1X1) < 1e-4 && Math.abs(b - EXPECT_BATCH10) < 1e-4;
        out.emit("w_after_step_1x1", a, "expect 99.8020");
        out.emit("w_after_step_batch10", b, "expect 92.3770");
        out.emit("ok", ok ? 1 : 0, "bool");
        CheckFailedException.near("W0 w after one step on x = y = 1", a, EXPECT_1X1, 1e-4);
        CheckFailedException.near("W0 w after one step on x = y = 1..10", b, EXPECT_BATCH10, 1e-4);
    }

    /** w after one full-batch step on x = y = {@code xs}. */
    static double stepFrom100(float... xs) {
        Expr x = Ops.input("x", Shape.ANY, 1);
        Expr y = Ops.input("y", Shape.ANY, 1);
        Expr w = Ops.param("w", Nd4j.createFromArray(new float[][] {{100f}}));
        Expr pred = x.times(w);
        Expr loss = Ops.mean(Ops.square(pred.minus(y)));
        ModelGraph graph = ModelGraph.builder().output("pred", pred).loss(loss).build();
        try (CompiledModel model = GraphCompiler.compile(graph)) {
            INDArray data = Nd4j.createFromArray(xs).reshape(xs.length, 1);
            Trainer.create(model, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.001).build()).steps(1).build())
                    .fit(Dataset.of("x", data, "y", data.dup()));
            return model.parameters().get("w").getDouble(0);
        }
    }
}

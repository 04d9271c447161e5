package dev.descent.examples;

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
 * The source material's two single steps: {@code pred = w·x}, MSE, lr 0.001, from w = 100.
 * One sample x = y = 1 gives 99.8020; x = y = 1..10 as one batch gives 92.3770.
 */
public final class SeedSteps {
    private SeedSteps() {
    }

    /** w after one full-batch GD step on x = y = {@code xs}. */
    public static double stepFrom100(float... xs) {
        Expr x = Ops.input("x", Shape.ANY, 1);
        Expr y = Ops.input("y", Shape.ANY, 1);
        Expr w = Ops.param("w", Nd4j.createFromArray(new float[][] {{100f}}));
        Expr pred = x.matmul(w);
        ModelGraph graph = ModelGraph.builder().output("pred", pred).loss(Ops.mean(Ops.square(pred.minus(y)))).build();
        try (CompiledModel model = GraphCompiler.compile(graph)) {
            INDArray data = Nd4j.createFromArray(xs).reshape(xs.length, 1);
            Trainer.create(model, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.001).build()).steps(1).build()).fit(Dataset.of("x", data, "y", data));
            return model.parameters().get("w").getDouble(0);
        }
    }

    public static void main(String[] args) {
        System.out.printf("one sample (x = y = 1):        w = 100 -> %.4f%n", stepFrom100(1f));
        System.out.printf("batch of ten (x = y = 1..10):  w = 100 -> %.4f%n", stepFrom100(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    }
}

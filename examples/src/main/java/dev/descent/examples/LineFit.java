package dev.descent.examples;

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
import dev.descent.train.History;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fits {@code y = a·x + b} to 100 noisy points of y = 2x + 1 with mini-batches of 10 drawn without
 * replacement (a fresh seeded permutation every epoch).
 */
public final class LineFit {
    private LineFit() {
    }

    /** The fitted (a, b) and the history. */
    public record Result(double a, double b, History history) {
    }

    public static Result run(long seed, int epochs) {
        Rng rng = new Rng(seed);
        float[][] xs = new float[100][1];
        float[][] ys = new float[100][1];
        for (int i = 0; i < 100; i++) {
            xs[i][0] = (float) (i / 50.0 - 1.0);
            ys[i][0] = (float) (2.0 * xs[i][0] + 1.0 + 0.05 * rng.nextGaussian());
        }
        INDArray xArr = Nd4j.createFromArray(xs);
        INDArray yArr = Nd4j.createFromArray(ys);
        Expr x = Ops.input("x", Shape.ANY, 1);
        Expr y = Ops.input("y", Shape.ANY, 1);
        Expr a = Ops.param("a", Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1));
        Expr b = Ops.param("b", Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1));
        Expr pred = x.matmul(a).plus(b);
        ModelGraph graph = ModelGraph.builder().output("pred", pred).loss(Ops.mean(Ops.square(pred.minus(y)))).build();
        try (CompiledModel model = GraphCompiler.compile(graph)) {
            History h = Trainer.create(model, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.1).momentum(0.5).build())
                    .batching(Batching.miniBatch(10).seed(seed)).epochs(epochs).build())
                    .fit(Dataset.of("x", xArr, "y", yArr));
            return new Result(model.parameters().get("a").getDouble(0), model.parameters().get("b").getDouble(0), h);
        }
    }

    public static void main(String[] args) {
        Result r = run(7, 30);
        System.out.printf("a = %.4f, b = %.4f (true 2, 1) after %d steps, %d samples%n", r.a(), r.b(),
                r.history().steps().size(), (long) r.history().samplesProcessed()[r.history().steps().size() - 1]);
    }
}

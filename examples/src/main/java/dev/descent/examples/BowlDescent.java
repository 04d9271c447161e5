package dev.descent.examples;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.optim.Sgd;
import dev.descent.train.History;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import org.nd4j.linalg.factory.Nd4j;

/** Minimises {@code x² + y²} from (1, 1) by gradient descent, lr 0.1, 50 steps, recording the path. */
public final class BowlDescent {
    private BowlDescent() {
    }

    /** Runs GD on the bowl and returns the history with the trajectory of (x, y) at every step. */
    public static History run(double x0, double y0, double lr, int steps) {
        Expr x = Ops.param("x", Nd4j.scalar((float) x0));
        Expr y = Ops.param("y", Nd4j.scalar((float) y0));
        ModelGraph graph = ModelGraph.builder().loss(x.square().plus(y.square())).build();
        try (CompiledModel model = GraphCompiler.compile(graph)) {
            return Trainer.create(model, TrainingPlan.builder().optimizer(Sgd.builder().lr(lr).build()).steps(steps).trajectoryStride(1).build()).fit();
        }
    }

    public static void main(String[] args) {
        History h = run(1, 1, 0.1, 50);
        History.Snapshot last = h.trajectory().get(h.trajectory().size() - 1);
        System.out.printf("after %d steps: x = %.6g, y = %.6g, loss = %.6g%n", last.step(), last.params().get("x")[0],
                last.params().get("y")[0], h.finalLoss());
    }
}

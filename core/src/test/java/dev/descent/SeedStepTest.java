package dev.descent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The source material's two numbers: the project's first contract. */
class SeedStepTest {

    private static double oneStep(float[] xs) {
        Expr x = Ops.input("x", Shape.ANY, 1);
        Expr y = Ops.input("y", Shape.ANY, 1);
        Expr w = Ops.param("w", Nd4j.createFromArray(new float[][] {{100f}}));
        Expr loss = Ops.mean(Ops.square(x.matmul(w).minus(y)));
        try (CompiledModel m = GraphCompiler.compile(ModelGraph.builder().output("pred", x.matmul(w)).loss(loss).build())) {
            INDArray data = Nd4j.createFromArray(xs).reshape(xs.length, 1);
            Optimizer opt = Optimizer.create(Sgd.builder().lr(0.001).build(), m.parameters());
            m.computeGradients(Map.of("x", data, "y", data));
            opt.step(m.gradients());
            return m.parameters().get("w").getDouble(0);
        }
    }

    @Test
    void singleSampleStepGives99_8020() {
        assertEquals(99.8020, oneStep(new float[] {1f}), 1e-4);
    }

    @Test
    void batchOfTenStepGives92_3770() {
        assertEquals(92.3770, oneStep(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}), 1e-4);
    }
}

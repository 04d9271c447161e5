package dev.descent.dsl.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.graph.ShapeException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Options, validation and edge cases; torch's values on ordinary inputs are in GoldenOpsTest. */
class LossTest {

    private static double lossOf(Loss loss, INDArray prediction, Expr target, Map<String, INDArray> feed) {
        Expr p = Ops.param("p", prediction);
        try (CompiledModel m = GraphCompiler.compile(ModelGraph.builder().loss(loss.apply(p, target)).build())) {
            return m.loss(feed);
        }
    }

    @Test
    void rejectsInvalidOptions() {
        assertThrows(IllegalArgumentException.class, () -> Loss.huber(0, Reduction.MEAN));
        assertThrows(IllegalArgumentException.class, () -> Loss.smoothL1(-1, Reduction.MEAN));
        assertThrows(IllegalArgumentException.class, () -> Loss.crossEntropy(1.5, Reduction.MEAN));
        assertThrows(IllegalArgumentException.class, () -> Loss.crossEntropy(-0.1, Reduction.MEAN));
    }

    @Test
    void mismatchedShapesFailNamingBoth() {
        Expr pred = Ops.input("pred", Shape.ANY, 1);
        ShapeException e = assertThrows(ShapeException.class, () -> Loss.mse().apply(pred, Ops.input("y", Shape.ANY)));
        assertTrue(e.getMessage().contains("[batch, 1]") && e.getMessage().contains("[batch]"), e.getMessage());
        Expr logits = Ops.input("logits", Shape.ANY, 3);
        ShapeException f = assertThrows(ShapeException.class,
                () -> Loss.crossEntropy().apply(logits, Ops.input("labels", Shape.ANY)));
        assertTrue(f.getMessage().contains("Ops.indexInput"), f.getMessage());
    }

    @Test
    void smoothL1WithBetaZeroIsL1() {
        INDArray p = Nd4j.createFromArray(new float[][] {{0.5f, -2f}, {3f, 0.1f}});
        INDArray t = Nd4j.createFromArray(new float[][] {{0f, 0f}, {1f, 0.3f}});
        Expr y = Ops.input("y", 2, 2);
        double l1 = lossOf(Loss.l1(Reduction.SUM), p, y, Map.of("y", t));
        assertEquals(0.5 + 2 + 2 + 0.2, l1, 1e-6);
        assertEquals(l1, lossOf(Loss.smoothL1(0, Reduction.SUM), p, y, Map.of("y", t)), 1e-6);
    }

    @Test
    void crossEntropyWithProbabilityTargetsEqualsIndexTargets() {
        INDArray logits = Nd4j.createFromArray(new float[][] {{1f, 2f, 0.5f}, {-1f, 0f, 3f}});
        double withIndices = lossOf(Loss.crossEntropy(0.2, Reduction.MEAN), logits, Ops.indexInput("y", 2),
                Map.of("y", Nd4j.createFromArray(1L, 0L)));
        INDArray probs = Nd4j.createFromArray(new float[][] {{0, 1, 0}, {1, 0, 0}});
        double withProbs = lossOf(Loss.crossEntropy(0.2, Reduction.MEAN), logits, Ops.input("t", 2, 3),
                Map.of("t", probs));
        assertEquals(withIndices, withProbs, 1e-6);
        // by hand: smoothed targets 0.8 one-hot + 0.2/3
        double[][] l = {{1, 2, 0.5}, {-1, 0, 3}};
        int[] y = {1, 0};
        double total = 0;
        for (int i = 0; i < 2; i++) {
            double lse = Math.log(Math.exp(l[i][0]) + Math.exp(l[i][1]) + Math.exp(l[i][2]));
            for (int c = 0; c < 3; c++) {
                total -= ((c == y[i] ? 0.8 : 0) + 0.2 / 3) * (l[i][c] - lse);
            }
        }
        assertEquals(total / 2, withIndices, 1e-5);
    }

    @Test
    void bceClampsLogAtMinus100AndBceWithLogitsDoesNotOverflow() {
        Expr y = Ops.input("y", 3, 1);
        INDArray targets = Nd4j.createFromArray(new float[][] {{1}, {0}, {1}});
        double clamped = lossOf(Loss.bce(Reduction.SUM), Nd4j.createFromArray(new float[][] {{0f}, {1f}, {1f}}), y,
                Map.of("y", targets));
        assertEquals(200.0, clamped, 1e-4);
        double logits = lossOf(Loss.bceWithLogits(Reduction.SUM),
                Nd4j.createFromArray(new float[][] {{-100f}, {100f}, {100f}}), y, Map.of("y", targets));
        assertEquals(200.0, logits, 1e-4);
    }
}

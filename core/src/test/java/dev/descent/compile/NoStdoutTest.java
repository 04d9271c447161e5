package dev.descent.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** SameDiff prints "Added differentiated op ..." on stdout; none of it may reach the user's stdout. */
class NoStdoutTest {

    @Test
    void compilingTrainingAndPredictingPrintNothing() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Expr x = Ops.input("x", Shape.ANY, 3);
            Expr w = Ops.param("w", Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 4));
            Expr b = Ops.param("b", Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4));
            Expr logits = Ops.tanh(x.matmul(w).plus(b));
            Expr y = Ops.indexInput("y", Shape.ANY);
            Expr loss = Ops.neg(Ops.mean(Ops.sum(Ops.mul(Ops.oneHot(y, 4), Ops.logSoftmax(logits, 1)), false, 1)));
            try (CompiledModel m = GraphCompiler.compile(ModelGraph.builder().output("logits", logits).loss(loss).build())) {
                Map<String, org.nd4j.linalg.api.ndarray.INDArray> batch = Map.of("x", Nd4j.rand(
                        org.nd4j.linalg.api.buffer.DataType.FLOAT, 5, 3), "y", Nd4j.createFromArray(0f, 1f, 2f, 3f, 0f));
                m.computeGradients(batch);
                m.loss(batch);
                m.output(batch, List.of("logits"));
            }
        } finally {
            System.setOut(original);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }
}

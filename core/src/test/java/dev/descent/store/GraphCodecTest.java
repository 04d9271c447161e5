package dev.descent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.OpKind;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every elementwise operation of the graph API survives a model file: saved, loaded, the same loss. */
class GraphCodecTest {

    @Test
    void everyUnaryOperationRoundTripsThroughAModelFile() {
        Expr x = Ops.input("x", Shape.ANY, 3);
        Expr w = Ops.param("w", Nd4j.createFromArray(new float[][] {{0.2f}, {-0.1f}, {0.3f}}));
        Expr z = x.matmul(w);
        // one term per unary op kind (log and sqrt on a positive argument)
        Expr pos = Ops.add(Ops.square(z), Ops.constant(1.0));
        Expr[] terms = {Ops.exp(z), Ops.log(pos), Ops.log1p(Ops.square(z)), Ops.expm1(z), Ops.tanh(z), Ops.sigmoid(z),
            Ops.relu(z), Ops.abs(z), Ops.sqrt(pos), Ops.sin(z), Ops.cos(z), Ops.erf(z), Ops.neg(z), Ops.pow(pos, 1.5),
            Ops.leakyRelu(z, 0.1)};
        Set<OpKind> covered = EnumSet.noneOf(OpKind.class);
        Expr sum = terms[0];
        for (int i = 1; i < terms.length; i++) {
            sum = Ops.add(sum, terms[i]);
        }
        for (Expr t : terms) {
            covered.add(t.op());
        }
        assertEquals(EnumSet.of(OpKind.EXP, OpKind.LOG, OpKind.LOG1P, OpKind.EXPM1, OpKind.TANH, OpKind.SIGMOID,
                OpKind.RELU, OpKind.ABS, OpKind.SQRT, OpKind.SIN, OpKind.COS, OpKind.ERF, OpKind.NEG, OpKind.POW,
                OpKind.LEAKY_RELU), covered);
        ModelGraph graph = ModelGraph.builder().loss(Ops.mean(sum, false, 0, 1)).build();
        Map<String, INDArray> batch = Map.of("x", Nd4j.createFromArray(new float[][] {{1, 2, 3}, {-1, 0.5f, 2}}));

        ModelGraph loaded;
        double before;
        try (CompiledModel m = GraphCompiler.compile(graph)) {
            before = m.loss(batch);
            loaded = ModelFile.fromBytes(ModelFile.toBytes(graph, m.parameters(), Map.of()), "memory").graph();
        }
        try (CompiledModel m = GraphCompiler.compile(loaded)) {
            assertEquals(before, m.loss(batch), 0.0);
        }
    }
}

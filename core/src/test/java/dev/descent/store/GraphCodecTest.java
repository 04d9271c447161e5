package dev.descent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.graph.ConvOps;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.OpKind;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.graph.Window2d;
import java.util.List;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every elementwise operation of the graph API, and convolution and pooling with their windows,
 * survive a model file: saved, loaded, the same loss.
 */
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

    /**
     * conv2d with a bias and every window field off its default, max pooling, conv2d without a
     * bias, average pooling with stride and padding: input [batch, 2, 6, 6], output [batch, 1, 2, 2].
     */
    static ModelGraph convNet() {
        Expr x = Ops.input("x", Shape.ANY, 2, 6, 6);
        Expr w = Ops.param("w", Nd4j.linspace(-1, 1, 54).castTo(DataType.FLOAT).reshape(3, 2, 3, 3));
        Expr b = Ops.param("b", Nd4j.createFromArray(0.5f, -0.25f, 1f));
        Expr h = Ops.relu(ConvOps.conv2d(x, w, b, new Window2d(3, 3, 2, 1, 1, 0, 1, 2)));
        h = ConvOps.maxPool2d(h, Window2d.of(2, 1));
        h = ConvOps.conv2d(h, Ops.param("w2", Nd4j.createFromArray(0.3f, -0.6f, 0.9f).reshape(1, 3, 1, 1)), null, Window2d.of(1, 1));
        Expr pred = ConvOps.avgPool2d(h, new Window2d(2, 2, 2, 2, 1, 1, 1, 1));
        return ModelGraph.builder().output("pred", pred).loss(Ops.mean(Ops.square(pred), false, 0, 1, 2, 3)).build();
    }

    /** Each windowed node's operation and window, in the graph's order. */
    private static List<String> windows(ModelGraph g) {
        return g.topologicalOrder().stream().filter(e -> e.attrs().containsKey(ConvOps.WINDOW))
                .map(e -> e.op() + " " + e.attrs().get(ConvOps.WINDOW)).toList();
    }

    @Test
    void convolutionAndPoolingRoundTripWithTheirWindowsAndBias() {
        ModelGraph graph = convNet();
        Map<String, INDArray> batch = Map.of("x", Nd4j.linspace(-3, 3, 144).castTo(DataType.FLOAT)
                .reshape(2, 2, 6, 6));
        ModelGraph loaded;
        double before;
        try (CompiledModel m = GraphCompiler.compile(graph)) {
            before = m.loss(batch);
            loaded = ModelFile.fromBytes(ModelFile.toBytes(graph, m.parameters(), Map.of()), "memory").graph();
        }
        assertEquals(List.of("CONV2D Window2d[kernelH=3, kernelW=3, strideH=2, strideW=1, padH=1, padW=0, dilationH=1, dilationW=2]",
                "MAX_POOL2D Window2d[kernelH=2, kernelW=1, strideH=1, strideW=1, padH=0, padW=0, dilationH=1, dilationW=1]",
                "CONV2D Window2d[kernelH=1, kernelW=1, strideH=1, strideW=1, padH=0, padW=0, dilationH=1, dilationW=1]",
                "AVG_POOL2D Window2d[kernelH=2, kernelW=2, strideH=2, strideW=2, padH=1, padW=1, dilationH=1, dilationW=1]"),
                windows(loaded));
        try (CompiledModel m = GraphCompiler.compile(loaded)) {
            assertEquals(before, m.loss(batch), 0.0, "the same convolutions, the bias included");
        }
    }
}

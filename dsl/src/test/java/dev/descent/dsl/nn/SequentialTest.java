package dev.descent.dsl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.dsl.GoldenOpsTest;
import dev.descent.dsl.loss.Loss;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.graph.ShapeException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class SequentialTest {

    @Test
    void namesParametersByLayerIndexAndInfersWidths() {
        Sequential net = Sequential.builder().input(784).dense(256, Activation.relu()).dropout(0.5).dense(10).seed(42).build();
        assertEquals(List.of("layer0.weight", "layer0.bias", "layer2.weight", "layer2.bias"),
                List.copyOf(net.parameters().keySet()));
        assertEquals(Shape.of(784, 256), net.parameters().get("layer0.weight").shape());
        assertEquals(Shape.of(256), net.parameters().get("layer0.bias").shape());
        assertEquals(Shape.of(256, 10), net.parameters().get("layer2.weight").shape());
        assertEquals(Shape.of(Shape.ANY, 784), net.input().shape());
        assertEquals(Shape.of(Shape.ANY, 10), net.output().shape());
        assertEquals(List.of("layer0", "layer1", "layer2"), net.layerNames());
        assertTrue(net.summary().contains("layer0: dense 784 -> 256, relu -> [batch, 256]"), net.summary());
    }

    @Test
    void forwardIsXTimesWPlusBWithActivation() {
        float[][] w = {{1f, -2f}, {0.5f, 3f}, {-1f, 1f}};
        float[] b = {0.25f, -0.5f};
        Sequential net = Sequential.builder().input(3)
                .dense(d -> d.units(2).activation(Activation.tanh()).weightInit(Init.array(w)).biasInit(Init.array(b)))
                .build();
        INDArray x = Nd4j.createFromArray(new float[][] {{1f, 2f, 3f}, {-1f, 0f, 0.5f}});
        INDArray expected = Transforms.tanh(x.mmul(Nd4j.createFromArray(w)).addRowVector(Nd4j.createFromArray(b)));
        try (CompiledModel m = compile(net.output(), net.output().sum())) {
            INDArray out = m.output(Map.of("x", x), List.of("out")).get("out");
            assertTrue(expected.equalsWithEps(out, 1e-6), "expected " + expected + " got " + out);
        }
    }

    @Test
    void reproducesTheGoldenMlpFirstLoss() throws IOException {
        JsonNode root = new ObjectMapper().readTree(GoldenOpsTest.goldenFile().resolveSibling("torch-sgd.json").toFile());
        int checked = 0;
        for (JsonNode c : root.get("cases")) {
            if (!"mlp".equals(c.get("kind").asText())) {
                continue;
            }
            long d = c.get("dims").get(0).asLong();
            long h = c.get("dims").get(1).asLong();
            long k = c.get("dims").get(2).asLong();
            Activation act = switch (c.get("activation").asText()) {
                case "tanh" -> Activation.tanh();
                case "relu" -> Activation.relu();
                default -> Activation.sigmoid();
            };
            Sequential net = Sequential.builder().input(d).biasInit(Init.zeros())
                    .dense(s -> s.units(h).activation(act).weightInit(Init.array(matrix(c.get("init").get("W1")))))
                    .dense(s -> s.units(k).weightInit(Init.array(matrix(c.get("init").get("W2")))))
                    .build();
            Expr y = Ops.indexInput("y", Shape.ANY);
            Expr loss = Loss.crossEntropy().apply(net.output(), y);
            INDArray xs = Nd4j.createFromArray(matrix(c.get("data").get("x")));
            JsonNode batch = c.get("batches").get(0);
            long[] rows = new long[batch.size()];
            long[] labels = new long[batch.size()];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = batch.get(i).asLong();
                labels[i] = c.get("data").get("y").get((int) rows[i]).asLong();
            }
            INDArray xb = xs.getRows(java.util.Arrays.stream(rows).mapToInt(r -> (int) r).toArray());
            try (CompiledModel m = compile(net.output(), loss)) {
                double expected = c.get("trajectory").get(0).get("loss").asDouble();
                double actual = m.loss(Map.of("x", xb, "y", Nd4j.createFromArray(labels)));
                assertEquals(expected, actual, 1e-5 * Math.abs(expected) + 1e-6, c.get("name").asText());
            }
            checked++;
        }
        assertTrue(checked > 0, "no mlp case in torch-sgd.json");
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        INDArray a = weight(Sequential.builder().input(5).dense(4).seed(7).build());
        INDArray b = weight(Sequential.builder().input(5).dense(4).seed(7).build());
        INDArray c = weight(Sequential.builder().input(5).dense(4).seed(8).build());
        assertEquals(a, b);
        assertNotEquals(a, c);
        double bound = 1 / Math.sqrt(5);
        assertTrue(a.amaxNumber().doubleValue() <= bound, "torch default bound 1/sqrt(fan_in)");
    }

    @Test
    void linearWithWrongDeclaredWidthFailsNamingTheLayerAndTheFix() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> Sequential.builder().input(784).linear(784, 256).relu().linear(128, 10).build());
        assertTrue(e.getMessage().contains("layer 2 'layer2'"), e.getMessage());
        assertTrue(e.getMessage().contains("declares 128 input features"), e.getMessage());
        assertTrue(e.getMessage().contains("[batch, 256]"), e.getMessage());
        assertTrue(e.getMessage().contains("linear(256, 10)"), e.getMessage());
    }

    @Test
    void denseOnImagesAsksForFlattenAndFlattenFixesIt() {
        ShapeException e = assertThrows(ShapeException.class, () -> Sequential.builder().input(1, 28, 28).dense(10).build());
        assertTrue(e.getMessage().contains("[batch, 1, 28, 28]") && e.getMessage().contains("flatten()"), e.getMessage());
        Sequential net = Sequential.builder().input(1, 28, 28).flatten().dense(10).build();
        assertEquals(Shape.of(784, 10), net.parameters().get("layer1.weight").shape());
        assertEquals(Shape.of(Shape.ANY, 10), net.output().shape());
    }

    @Test
    void applyChecksTheInputShape() {
        Sequential net = Sequential.builder().input(3).dense(2).build();
        assertEquals(Shape.of(Shape.ANY, 2), net.apply(Ops.input("other", Shape.ANY, 3)).shape());
        ShapeException e = assertThrows(ShapeException.class, () -> net.apply(Ops.input("bad", Shape.ANY, 4)));
        assertTrue(e.getMessage().contains("[batch, 3]") && e.getMessage().contains("[batch, 4]"), e.getMessage());
    }

    @Test
    void dropoutMaskIsAnAuxiliaryInputFedByTheTrainer() {
        Sequential net = Sequential.builder().input(200).dropout(0.25).dense(d -> d.units(1).bias(false)
                .weightInit(Init.constant(1))).build();
        assertEquals(1, net.auxiliaryInputs().size());
        AuxiliaryInput mask = net.auxiliaryInputs().get(0);
        assertEquals("layer0.dropout_mask", mask.name());
        assertEquals(Shape.of(Shape.ANY, 200), mask.shape());

        INDArray m1 = mask.trainingValue(50, 3);
        assertEquals(m1, mask.trainingValue(50, 3), "same seed, same mask");
        assertNotEquals(m1, mask.trainingValue(50, 4));
        assertArrayEquals(new long[] {50, 200}, m1.shape());
        long zeros = 0;
        for (long i = 0; i < m1.length(); i++) {
            double v = m1.getDouble(i);
            assertTrue(v == 0.0 || Math.abs(v - 1 / 0.75) < 1e-6, "mask values are 0 or 1/(1-p): " + v);
            zeros += v == 0.0 ? 1 : 0;
        }
        assertEquals(0.25, zeros / (double) m1.length(), 0.02, "drop rate");

        INDArray x = Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, 50, 200);
        try (CompiledModel m = compile(net.output(), net.output().sum())) {
            Map<String, INDArray> eval = new HashMap<>(net.auxiliaryFeed(50, false, 0));
            eval.put("x", x);
            INDArray evalOut = m.output(eval, List.of("out")).get("out");
            assertEquals(200.0, evalOut.getDouble(0), 1e-4, "eval: dropout is the identity");
            Map<String, INDArray> train = new HashMap<>(net.auxiliaryFeed(50, true, 3));
            train.put("x", x);
            INDArray trainOut = m.output(train, List.of("out")).get("out");
            assertEquals(m1.sum(1).getDouble(0), trainOut.getDouble(0), 1e-3, "train: x * mask");
        }
    }

    @Test
    void rejectsBadConfiguration() {
        assertThrows(IllegalArgumentException.class, () -> Sequential.builder().dense(3).build());
        assertThrows(IllegalArgumentException.class, () -> Sequential.builder().input(3).build());
        assertThrows(IllegalArgumentException.class, () -> Sequential.builder().input(3).dropout(1.5));
        assertThrows(IllegalArgumentException.class, () -> Sequential.builder().input(3).dense(0));
        assertThrows(IllegalArgumentException.class, () -> Sequential.builder().input(3).dense(d -> d.bias(false)));
        assertThrows(IllegalArgumentException.class,
                () -> Sequential.builder().input(3).dense(d -> d.units(2).name("a")).dense(d -> d.units(2).name("a")));
    }

    @Test
    void customLayerNamesAndPrefix() {
        Sequential net = Sequential.of(b -> b.prefix("enc").input(3).dense(d -> d.units(2).name("fc1")).tanh());
        assertEquals(List.of("enc.fc1.weight", "enc.fc1.bias"), List.copyOf(net.parameters().keySet()));
    }

    private static INDArray weight(Sequential net) {
        return (INDArray) net.parameters().get("layer0.weight").attrs().get(Ops.INIT);
    }

    private static CompiledModel compile(Expr out, Expr loss) {
        return GraphCompiler.compile(ModelGraph.builder().output("out", out).loss(loss).build());
    }

    private static float[][] matrix(JsonNode rows) {
        float[][] v = new float[rows.size()][];
        for (int i = 0; i < v.length; i++) {
            v[i] = new float[rows.get(i).size()];
            for (int j = 0; j < v[i].length; j++) {
                v[i][j] = (float) rows.get(i).get(j).asDouble();
            }
        }
        return v;
    }
}

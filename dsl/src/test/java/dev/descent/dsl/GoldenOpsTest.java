package dev.descent.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.GoldenFiles;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.loss.Reduction;
import dev.descent.dsl.nn.Activation;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every loss and activation case of {@code golden/torch-ops.json} (PyTorch, float32):
 * the case's input is a parameter, the objective is {@code sum(output * upstream)}, and both the
 * output and the parameter's gradient must equal torch's (relative 1e-5, absolute 1e-6).
 */
public class GoldenOpsTest {
    private static final double REL = 1e-5;
    private static final double ABS = 1e-6;

    /** The golden torch-ops file in the repository's {@code golden/} folder. */
    public static Path goldenFile() {
        return GoldenFiles.golden("torch-ops.json");
    }

    static Stream<Named<JsonNode>> cases() throws IOException {
        return cases(goldenFile()).stream();
    }

    /** The loss and activation cases of a file in torch-ops.json's format, named as in {@link #label}. */
    static List<Named<JsonNode>> cases(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<Named<JsonNode>> out = new ArrayList<>();
        root.get("losses").forEach(c -> out.add(Named.of(label(c), c)));
        root.get("activations").forEach(c -> out.add(Named.of(label(c), c)));
        if (out.size() < 30) {
            fail("expected " + file + " to hold 35 cases, found " + out.size());
        }
        return out;
    }

    static String label(JsonNode c) {
        return (c.has("loss") ? "loss " : "activation ") + c.get("name").asText();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reproducesTorch(JsonNode c) {
        assertReproducesTorch(c);
    }

    /** Our loss or activation reproduces the case's output and input gradient. */
    static void assertReproducesTorch(JsonNode c) {
        String name = label(c);
        INDArray inputValue = matrix(c.get("input"));
        Expr input = Ops.param("input", inputValue);
        Map<String, INDArray> feed = new LinkedHashMap<>();
        Expr out = c.has("loss") ? loss(c, input, feed) : activation(c.get("activation").asText()).apply(input);

        JsonNode upstreamJson = c.get("upstream");
        Expr objective = upstreamJson.isNumber()
                ? out.times(upstreamJson.asDouble())
                : Ops.sum(out.times(Ops.constant(array(upstreamJson))));
        ModelGraph graph = ModelGraph.builder().output("out", out).loss(objective).build();
        try (CompiledModel m = GraphCompiler.compile(graph)) {
            INDArray value = m.output(feed, List.of("out")).get("out");
            JsonNode expectedOut = c.get("output");
            INDArray expected = expectedOut.isNumber() ? Nd4j.scalar((float) expectedOut.asDouble()) : array(expectedOut);
            assertClose(name + " output", expected, value);
            m.computeGradients(feed);
            assertClose(name + " grad_input", matrix(c.get("grad_input")), m.gradients().get("input"));
        }
    }

    private static Expr loss(JsonNode c, Expr input, Map<String, INDArray> feed) {
        Reduction reduction = Reduction.valueOf(c.get("reduction").asText().toUpperCase(Locale.ROOT));
        Expr target;
        if (c.has("labels")) {
            INDArray labels = Nd4j.createFromArray(longs(c.get("labels")));
            feed.put("labels", labels);
            target = Ops.indexInput("labels", labels.length());
        } else {
            INDArray t = matrix(c.get("target"));
            feed.put("target", t);
            target = Ops.input("target", t.shape());
        }
        String kind = c.get("loss").asText();
        switch (kind) {
            case "mse":
                return Loss.mse(reduction).apply(input, target);
            case "l1":
                return Loss.l1(reduction).apply(input, target);
            case "huber":
                return Loss.huber(c.get("delta").asDouble(), reduction).apply(input, target);
            case "smooth_l1":
                return Loss.smoothL1(c.get("beta").asDouble(), reduction).apply(input, target);
            case "cross_entropy":
                double smoothing = c.has("label_smoothing") ? c.get("label_smoothing").asDouble() : 0.0;
                return Loss.crossEntropy(smoothing, reduction).apply(input, target);
            case "bce_with_logits":
                return Loss.bceWithLogits(reduction).apply(input, target);
            case "bce_after_sigmoid":
                return Loss.bce(reduction).apply(Ops.sigmoid(input), target);
            case "nll_after_log_softmax":
                return Loss.nll(reduction).apply(Ops.logSoftmax(input, 1), target);
            default:
                return fail("unknown loss kind in the golden file: " + kind);
        }
    }

    private static Activation activation(String name) {
        if (name.startsWith("leaky_relu-")) {
            return Activation.leakyRelu(Double.parseDouble(name.substring("leaky_relu-".length())));
        }
        if (name.startsWith("elu-")) {
            return Activation.elu(Double.parseDouble(name.substring("elu-".length())));
        }
        switch (name) {
            case "relu":
                return Activation.relu();
            case "tanh":
                return Activation.tanh();
            case "sigmoid":
                return Activation.sigmoid();
            case "softmax-dim1":
                return Activation.softmax(1);
            case "log_softmax-dim1":
                return Activation.logSoftmax(1);
            case "gelu-exact":
                return Activation.gelu();
            case "gelu-tanh":
                return Activation.geluTanh();
            case "softplus":
                return Activation.softplus();
            case "silu":
                return Activation.silu();
            case "identity":
                return Activation.identity();
            default:
                return fail("unknown activation in the golden file: " + name);
        }
    }

    private static void assertClose(String what, INDArray expected, INDArray actual) {
        INDArray e = expected.castTo(DataType.DOUBLE);
        INDArray a = actual.castTo(DataType.DOUBLE);
        if (e.rank() == 0 || a.rank() == 0) {
            assertTrue(e.length() == 1 && a.length() == 1, what + ": expected a scalar, got shape "
                    + java.util.Arrays.toString(a.shape()));
        } else {
            assertArrayEquals(e.shape(), a.shape(), what + ": shape");
        }
        for (long i = 0; i < e.length(); i++) {
            double ev = e.getDouble(i);
            double av = a.getDouble(i);
            long idx = i;
            assertTrue(Math.abs(ev - av) <= ABS + REL * Math.abs(ev),
                    () -> what + " element " + idx + ": torch " + ev + ", ours " + av + " (diff " + Math.abs(ev - av) + ")");
        }
    }

    private static INDArray matrix(JsonNode rows) {
        return array(rows);
    }

    /** A float32 array from nested JSON lists (rank 1 or 2). */
    private static INDArray array(JsonNode node) {
        if (node.get(0).isArray()) {
            float[][] v = new float[node.size()][];
            for (int i = 0; i < node.size(); i++) {
                v[i] = floats(node.get(i));
            }
            return Nd4j.createFromArray(v);
        }
        return Nd4j.createFromArray(floats(node));
    }

    private static float[] floats(JsonNode list) {
        float[] v = new float[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) list.get(i).asDouble();
        }
        return v;
    }

    private static long[] longs(JsonNode list) {
        long[] v = new long[list.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = list.get(i).asLong();
        }
        return v;
    }
}

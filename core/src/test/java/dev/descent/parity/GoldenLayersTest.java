package dev.descent.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.GoldenFiles;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every single-layer case of golden/torch-layers.json: the layer built by {@link TorchModules}
 * (the same functions the DSL's layers call) from torch's state_dict, with the input and an
 * upstream tensor as parameters and {@code loss = sum(layer(input) * upstream)}. One training-mode
 * step gives the layer's output (the upstream's gradient, exactly the output), the input's and the
 * parameters' gradients and the running statistics after it; evaluation-mode cases compare the
 * output of {@code CompiledModel.output}, which evaluates. Relative 1e-5, absolute 1e-6, as
 * golden/README.md states. The build runs this class on both execution paths.
 */
class GoldenLayersTest {
    private static final double REL = 1e-5;
    private static final double ABS = 1e-6;

    static Stream<Named<JsonNode>> cases() throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(GoldenFiles.golden("torch-layers.json")));
        List<Named<JsonNode>> out = new ArrayList<>();
        root.path("layers").forEach(c -> out.add(Named.of(c.path("name").asText(), c)));
        return out.stream();
    }

    static Stream<Named<JsonNode>> sequentialCases() {
        return ParityReplay.cases(GoldenFiles.golden("torch-layers.json")).stream()
                .map(c -> Named.of(c.path("name").asText(), c));
    }

    /** Each sequential model's SGD trajectory, final state_dict (running statistics included) and evaluation-mode output. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("sequentialCases")
    void sequentialModelReplays(JsonNode c) {
        GoldenSgdTest.assertReplays(c);
        CaseResult r = ParityReplay.replay(c);
        assertTrue(r.paramDeviation().containsKey("eval output"), "the evaluation-mode output is compared");
        c.path("final").fieldNames().forEachRemaining(n -> assertTrue(r.paramDeviation().containsKey(n), n + " is compared"));
    }

    @Test
    void everyLayerTypeIsCovered() throws IOException {
        java.util.Set<String> types = new java.util.TreeSet<>();
        cases().forEach(c -> types.add(c.getPayload().path("layer").path("type").asText()));
        assertEquals(java.util.Set.of("conv2d", "conv1d", "maxpool2d", "avgpool2d", "batchnorm1d", "batchnorm2d", "layernorm",
                "embedding", "linear"), types);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void layerMatchesTorch(JsonNode c) {
        boolean indices = "int64".equals(c.path("input_dtype").asText());
        boolean training = "train".equals(c.path("mode").asText());
        INDArray input = JsonArrays.tensor(c.path("input"));
        INDArray upstream = JsonArrays.tensor(c.path("upstream"));
        TorchModules modules = new TorchModules(TorchModules.stateDict(c.path("init")));
        Expr x = indices ? Ops.indexInput("input", input.shape()) : Ops.param("input", input);
        JsonNode layers = new ObjectMapper().createArrayNode().add(c.path("layer"));
        Expr out = modules.apply(layers, x);
        Expr up = Ops.param("upstream", upstream);
        ModelGraph graph = ModelGraph.builder().output("out", out).loss(Ops.sum(out.times(up))).build();
        Map<String, INDArray> feed = indices ? Map.of("input", input.castTo(DataType.INT64)) : Map.of();
        try (CompiledModel m = GraphCompiler.compile(graph)) {
            if (!training) {
                assertClose("output (eval)", c.path("output"), m.output(feed, List.of("out")).get("out"));
                return;
            }
            m.computeGradients(feed);
            assertClose("output", c.path("output"), m.gradients().get("upstream"));
            if (!indices) {
                assertClose("grad_input", c.path("grad_input"), m.gradients().get("input"));
            }
            Map<String, INDArray> ours = new LinkedHashMap<>();
            c.path("grad_params").fields().forEachRemaining(e -> {
                String name = TorchModules.ours(e.getKey());
                assertClose("grad " + e.getKey(), e.getValue(), modules.toTorch(e.getKey(), m.gradients().get(name)));
                ours.put(name, m.gradients().get(name));
            });
            assertEquals(c.path("grad_params").size(), ours.size());
            c.path("buffers_after").fields().forEachRemaining(e ->
                    assertClose(e.getKey() + " after the step", e.getValue(), m.buffers().get(TorchModules.ours(e.getKey()))));
        }
    }

    static void assertClose(String what, JsonNode expected, INDArray actual) {
        INDArray ref = JsonArrays.tensor(expected);
        assertArrayEquals(ref.shape(), actual.shape(), what + ": shape");
        float[] e = ref.data().asFloat();
        float[] a = actual.dup('c').data().asFloat();
        for (int i = 0; i < e.length; i++) {
            double tol = Math.max(REL * Math.abs(e[i]), ABS);
            int at = i;
            assertTrue(Math.abs(e[i] - a[i]) <= tol, () -> what + " at flat index " + at + ": ours " + a[at] + ", torch " + e[at]
                    + " (first values ours " + Arrays.toString(Arrays.copyOf(a, Math.min(6, a.length))) + ", torch "
                    + Arrays.toString(Arrays.copyOf(e, Math.min(6, e.length))) + ")");
        }
    }
}

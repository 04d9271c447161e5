package dev.descent.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.DescentException;
import dev.descent.GoldenFiles;
import dev.descent.GoldenGenerator;
import dev.descent.data.Dataset;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.nn.Activation;
import dev.descent.dsl.nn.Sequential;
import dev.descent.dsl.nn.TorchParameter;
import dev.descent.store.Safetensors;
import dev.descent.train.History;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * PyTorch weights in and out (golden/safetensors, written by golden/generate/make_safetensors.py):
 * a model trained in PyTorch loads under torch's state_dict names, predicts torch's output and
 * continues with torch's next SGD steps; a model trained here, saved, gives torch the same output.
 */
class GoldenSafetensorsTest {
    private static final double REL = 1e-5;
    private static final double ABS = 2e-6;

    @TempDir
    Path dir;

    /** The Descent twin of each case's nn.Sequential. */
    private static Model model(String name) {
        return switch (name) {
            case "mlp_tanh" -> Model.of(Sequential.of(s -> s.input(5).dense(16, Activation.tanh()).dense(3)), Loss.crossEntropy());
            case "flatten_relu" -> Model.of(Sequential.of(s -> s.input(2, 3).flatten().dense(8, Activation.relu())
                    .dense(4, Activation.relu()).dense(1)), Loss.mse());
            default -> throw new IllegalArgumentException(name);
        };
    }

    private static JsonNode goldenCase(String name) throws IOException {
        for (JsonNode c : new ObjectMapper().readTree(GoldenFiles.golden("safetensors/expected.json").toFile()).path("cases")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new IllegalStateException("no case " + name);
    }

    /** Nested JSON lists as an array of their shape. */
    static INDArray array(JsonNode nested, DataType type) {
        List<Long> shape = new ArrayList<>();
        for (JsonNode n = nested; n.isArray(); n = n.get(0)) {
            shape.add((long) n.size());
        }
        List<Double> flat = new ArrayList<>();
        flatten(nested, flat);
        double[] v = flat.stream().mapToDouble(Double::doubleValue).toArray();
        return Nd4j.createFromArray(v).reshape(shape.stream().mapToLong(Long::longValue).toArray()).castTo(type);
    }

    private static void flatten(JsonNode n, List<Double> out) {
        if (n.isArray()) {
            n.forEach(c -> flatten(c, out));
        } else {
            out.add(n.asDouble());
        }
    }

    private static Dataset data(JsonNode c) {
        DataType labels = c.path("loss").asText().equals("cross_entropy") ? DataType.INT64 : DataType.FLOAT;
        return Dataset.of("x", array(c.path("x"), DataType.FLOAT), "y", array(c.path("y"), labels));
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double[] e = expected.dup().data().asDouble();
        double[] a = actual.dup().data().asDouble();
        for (int i = 0; i < e.length; i++) {
            double tol = ABS + REL * Math.abs(e[i]);
            int at = i;
            assertTrue(Math.abs(e[i] - a[i]) <= tol, () -> what + "[" + at + "]: torch " + e[at] + ", Descent " + a[at]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp_tanh", "flatten_relu"})
    void aModelTrainedInPyTorchPredictsAndContinuesWithTorchsNumbers(String name) throws IOException {
        JsonNode c = goldenCase(name);
        Dataset d = data(c);
        try (Model m = model(name)) {
            m.loadSafetensors(GoldenFiles.golden("safetensors/" + c.path("file").asText()));
            assertClose(array(c.path("output"), DataType.FLOAT), m.predict(d.array("x")), name + " output");
            assertEquals(c.path("initial_loss").asDouble(), m.evaluate(d).get("loss"), REL * c.path("initial_loss").asDouble());
            History h = m.fit(d, t -> t.optimizer(Descent.sgd(c.path("lr").asDouble())).fullBatch().steps(c.path("steps").asInt())
                    .quiet());
            JsonNode losses = c.path("losses");
            assertEquals(losses.size(), h.steps().size());
            for (int i = 0; i < losses.size(); i++) {
                assertEquals(losses.get(i).asDouble(), h.steps().get(i).loss(), REL * losses.get(i).asDouble(), name + " loss " + i);
            }
            for (TorchParameter p : m.torchParameters()) {
                INDArray torch = array(c.path("final").path(p.torchName()), DataType.FLOAT);
                assertClose(p.transposed() ? torch.transpose() : torch, m.parameters().get(p.name()), name + " " + p.torchName());
            }
        }
    }

    @Test
    void torchsModuleIndicesCountActivationsFlattenAndDropout() {
        Sequential net = Sequential.of(s -> s.input(2, 3).flatten().dense(8, Activation.relu()).dropout(0.1).dense(4).dense(d -> d
                .units(2).activation(Activation.tanh()).name("head")).dense(1).prefix("enc"));
        List<String> names = net.torchParameters().stream().map(p -> p.name() + "->" + p.torchName() + (p.transposed() ? "^T" : ""))
                .toList();
        assertEquals(List.of("enc.layer1.weight->enc.1.weight^T", "enc.layer1.bias->enc.1.bias", "enc.layer3.weight->enc.4.weight^T",
                "enc.layer3.bias->enc.4.bias", "enc.head.weight->enc.5.weight^T", "enc.head.bias->enc.5.bias",
                "enc.layer5.weight->enc.7.weight^T", "enc.layer5.bias->enc.7.bias"), names);
    }

    @Test
    void savedWeightsHaveTorchsNamesLayoutsAndTypeAndASavedModelKeepsThem() throws IOException {
        Path descent = dir.resolve("m.descent");
        try (Model m = model("mlp_tanh")) {
            Path out = dir.resolve("m.safetensors");
            m.saveSafetensors(out);
            Safetensors.Contents c = Safetensors.read(out);
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(c.tensors().keySet()));
            assertEquals(Map.of("format", "pt"), c.metadata());
            assertEquals(m.parameters().get("layer0.weight").transpose(), c.tensors().get("0.weight"));
            assertEquals(DataType.FLOAT, c.tensors().get("0.weight").dataType());
            m.save(descent);
        }
        try (Model loaded = Model.load(descent)) {
            Path again = dir.resolve("again.safetensors");
            loaded.saveSafetensors(again);
            assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(Safetensors.read(again).tensors().keySet()));
            loaded.loadSafetensors(GoldenFiles.golden("safetensors/mlp_tanh.safetensors"));
        }
    }

    @Test
    void weightsThatDoNotFitAreRefusedNamingWhatIsWrong() throws IOException {
        try (Model m = model("mlp_tanh")) {
            INDArray before = m.parameters().get("layer0.weight").dup();
            DescentException names = assertThrows(DescentException.class,
                    () -> m.loadSafetensors(GoldenFiles.golden("safetensors/flatten_relu.safetensors")));
            assertTrue(names.getMessage().contains("missing [0.bias, 0.weight, 2.bias, 2.weight]") && names.getMessage()
                    .contains("unexpected [1.bias, 1.weight, 3.bias, 3.weight, 5.bias, 5.weight]"), names.getMessage());
            Path shapes = dir.resolve("shapes.safetensors");
            Safetensors.write(shapes, Map.of("0.weight", Nd4j.zeros(DataType.FLOAT, 5, 16), "0.bias", Nd4j.zeros(DataType.FLOAT, 16),
                    "2.weight", Nd4j.zeros(DataType.FLOAT, 3, 16), "2.bias", Nd4j.zeros(DataType.FLOAT, 3)), Map.of());
            DescentException shape = assertThrows(DescentException.class, () -> m.loadSafetensors(shapes));
            assertTrue(shape.getMessage().contains("'0.weight'") && shape.getMessage().contains("[5, 16]")
                    && shape.getMessage().contains("needs [16, 5]"), shape.getMessage());
            Path ints = dir.resolve("ints.safetensors");
            Safetensors.write(ints, Map.of("0.weight", Nd4j.zeros(DataType.INT64, 16, 5), "0.bias", Nd4j.zeros(DataType.FLOAT, 16),
                    "2.weight", Nd4j.zeros(DataType.FLOAT, 3, 16), "2.bias", Nd4j.zeros(DataType.FLOAT, 3)), Map.of());
            assertTrue(assertThrows(DescentException.class, () -> m.loadSafetensors(ints)).getMessage().contains("LONG values"));
            assertEquals(before, m.parameters().get("layer0.weight"), "a refused file changes nothing");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"mlp_tanh", "flatten_relu"})
    void aModelTrainedHereGivesTorchTheSameOutput(String name) throws IOException {
        GoldenGenerator.assumeTorch();
        JsonNode c = goldenCase(name);
        Dataset d = data(c);
        try (Model m = model(name)) {
            m.fit(d, t -> t.optimizer(Descent.sgd(0.05).momentum(0.9)).miniBatch(4).seed(2).epochs(3).quiet());
            Path out = dir.resolve(name + ".safetensors");
            m.saveSafetensors(out);
            String json = GoldenGenerator.runScript("make_safetensors.py", "--forward", out.toString(), name);
            assertClose(array(new ObjectMapper().readTree(json).path("output"), DataType.FLOAT), m.predict(d.array("x")),
                    name + " torch's output with Descent's weights");
        }
    }
}

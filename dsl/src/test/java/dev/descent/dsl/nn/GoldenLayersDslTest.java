package dev.descent.dsl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.GoldenFiles;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.dsl.Descent;
import dev.descent.dsl.Model;
import dev.descent.dsl.loss.Loss;
import dev.descent.parity.JsonArrays;
import dev.descent.train.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Sequential models of golden/torch-layers.json declared with the DSL's layers (torch's starting
 * weights given as {@code Init.array}), trained with {@link Model#fit} on torch's batches: every
 * step's loss, the final parameters and running statistics, and {@link Model#predict} (evaluation
 * mode) on torch's evaluation rows, within the README's tolerance (relative 1e-4, absolute 1e-5).
 * A saved and reloaded model keeps its running statistics and predicts the same. The build runs
 * this class on both execution paths.
 */
class GoldenLayersDslTest {
    @TempDir
    Path dir;

    private static JsonNode sequentialCase(String name) throws IOException {
        JsonNode root = new ObjectMapper().readTree(Files.readString(GoldenFiles.golden("torch-layers.json")));
        for (JsonNode c : root.path("sequential")) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        throw new AssertionError("no case " + name);
    }

    /** torch's conv2d -> batchnorm2d -> tanh -> avgpool2d -> flatten -> linear, Nesterov SGD. */
    @Test
    void cnnWithBatchNormTrainsAndEvaluatesAsTorch() throws IOException {
        JsonNode c = sequentialCase("cnn-batchnorm2d-avgpool");
        JsonNode init = c.path("init");
        Sequential net = Sequential.builder().input(2, 6, 6)
                .conv2d(k -> k.outChannels(3).kernel(3).weightInit(Init.array(tensor(init.path("0.weight"))))
                        .biasInit(Init.array(tensor(init.path("0.bias")))))
                .batchNorm2d(n -> n.weightInit(Init.array(tensor(init.path("1.weight"))))
                        .biasInit(Init.array(tensor(init.path("1.bias")))))
                .tanh()
                .avgPool2d(2)
                .flatten()
                .dense(d -> d.units(3).weightInit(Init.array(tensor(init.path("5.weight")).transpose()))
                        .biasInit(Init.array(tensor(init.path("5.bias")))))
                .build();
        try (Model model = Model.of(net, Loss.crossEntropy())) {
            replay(c, model, java.util.Set.of("5.weight"), t -> t.optimizer(Descent.sgd(0.05).momentum(0.9).nesterov()));
            Path file = dir.resolve("cnn.descent");
            model.save(file);
            try (Model loaded = Model.load(file)) {
                assertEquals(model.buffers().keySet(), loaded.buffers().keySet());
                model.buffers().forEach((k, v) -> assertEquals(v, loaded.buffers().get(k), k + " saved and loaded"));
                INDArray rows = evalRows(c);
                assertEquals(model.predict(rows), loaded.predict(rows), "a loaded model predicts as the saved one");
            }
        }
    }

    /** torch's linear -> batchnorm1d -> relu -> linear with weight decay. */
    @Test
    void mlpWithBatchNorm1dTrainsAsTorch() throws IOException {
        JsonNode c = sequentialCase("mlp-batchnorm1d");
        JsonNode init = c.path("init");
        Sequential net = Sequential.builder().input(6)
                .dense(d -> d.units(12).weightInit(Init.array(tensor(init.path("0.weight")).transpose()))
                        .biasInit(Init.array(tensor(init.path("0.bias")))))
                .batchNorm1d(n -> n.weightInit(Init.array(tensor(init.path("1.weight"))))
                        .biasInit(Init.array(tensor(init.path("1.bias")))))
                .relu()
                .dense(d -> d.units(3).weightInit(Init.array(tensor(init.path("3.weight")).transpose()))
                        .biasInit(Init.array(tensor(init.path("3.bias")))))
                .build();
        try (Model model = Model.of(net, Loss.crossEntropy())) {
            replay(c, model, java.util.Set.of("0.weight", "3.weight"), t -> t.optimizer(Descent.sgd(0.1).momentum(0.9).weightDecay(0.001)));
        }
    }

    /** torch's embedding -> mean over the tokens -> linear, on integer token indices. */
    @Test
    void embeddingBagTrainsAsTorch() throws IOException {
        JsonNode c = sequentialCase("embedding-mean-linear");
        JsonNode init = c.path("init");
        Sequential net = Sequential.builder().input(5)
                .embedding(20, 6, Init.array(tensor(init.path("0.weight"))))
                .mean(1)
                .dense(d -> d.units(4).weightInit(Init.array(tensor(init.path("2.weight")).transpose()))
                        .biasInit(Init.array(tensor(init.path("2.bias")))))
                .build();
        try (Model model = Model.of(net, Loss.crossEntropy())) {
            replay(c, model, java.util.Set.of("2.weight"), t -> t.optimizer(Descent.sgd(0.2).momentum(0.5)));
        }
    }

    /** torch's conv1d(padding 1) -> relu -> maxpool1d -> flatten -> linear, MSE. */
    @Test
    void conv1dNetworkTrainsAsTorch() throws IOException {
        JsonNode c = sequentialCase("conv1d-maxpool1d");
        JsonNode init = c.path("init");
        Sequential net = Sequential.builder().input(2, 10)
                .conv1d(k -> k.outChannels(4).kernel(3).padding(1).activation(Activation.relu())
                        .weightInit(Init.array(tensor(init.path("0.weight")))).biasInit(Init.array(tensor(init.path("0.bias")))))
                .maxPool1d(2)
                .flatten()
                .dense(d -> d.units(2).weightInit(Init.array(tensor(init.path("4.weight")).transpose()))
                        .biasInit(Init.array(tensor(init.path("4.bias")))))
                .build();
        // conv1d with its activation is one layer here, torch's relu another: our names shift by one after it
        try (Model model = Model.of(net, Loss.mse())) {
            List<Double> losses = train(c, model, t -> t.optimizer(Descent.sgd(0.02)));
            assertTrajectory(c, losses);
            assertClose("eval output", c.path("eval").path("output"), model.predict(evalRows(c)));
        }
    }

    /**
     * Trains on the case's batches; compares the trajectory, every final tensor (torch's name = ours
     * after "layer"; {@code linearWeights}, torch's [out, in], are our dense [in, out] transposed) and
     * the evaluation output.
     */
    private static void replay(JsonNode c, Model model, java.util.Set<String> linearWeights,
            Consumer<dev.descent.dsl.TrainingConfig.Builder> optimizer) {
        List<Double> losses = train(c, model, optimizer);
        assertTrajectory(c, losses);
        c.path("final").fields().forEachRemaining(e -> {
            String ours = "layer" + e.getKey();
            INDArray v = model.parameters().containsKey(ours) ? model.parameters().get(ours) : model.buffers().get(ours);
            assertTrue(v != null, "no parameter or buffer " + ours);
            assertClose(ours, e.getValue(), linearWeights.contains(e.getKey()) ? v.transpose() : v);
        });
        assertClose("eval output", c.path("eval").path("output"), model.predict(evalRows(c)));
    }

    private static List<Double> train(JsonNode c, Model model, Consumer<dev.descent.dsl.TrainingConfig.Builder> optimizer) {
        List<int[]> batches = new ArrayList<>();
        c.path("batches").forEach(b -> {
            int[] idx = new int[b.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = b.get(i).asInt();
            }
            batches.add(idx);
        });
        Dataset data = Dataset.of("x", tensor(c.path("data").path("x")), "y", tensor(c.path("data").path("y")));
        History h = model.fit(data, t -> {
            optimizer.accept(t);
            t.batching(Batching.replay(batches)).steps(batches.size()).quiet();
        });
        List<Double> losses = new ArrayList<>();
        h.steps().forEach(s -> losses.add(s.loss()));
        return losses;
    }

    private static void assertTrajectory(JsonNode c, List<Double> losses) {
        assertEquals(c.path("trajectory").size(), losses.size(), "steps");
        for (int i = 0; i < losses.size(); i++) {
            double ref = c.path("trajectory").get(i).path("loss").asDouble();
            assertTrue(Math.abs(losses.get(i) - ref) <= Math.max(1e-4 * Math.abs(ref), 1e-5),
                    "loss at step " + i + ": ours " + losses.get(i) + ", torch " + ref);
        }
    }

    private static INDArray evalRows(JsonNode c) {
        INDArray x = tensor(c.path("data").path("x"));
        INDArray[] rows = new INDArray[c.path("eval").path("rows").size()];
        for (int i = 0; i < rows.length; i++) {
            INDArray r = x.slice(c.path("eval").path("rows").get(i).asInt());
            long[] shape = new long[r.rank() + 1];
            shape[0] = 1;
            System.arraycopy(r.shape(), 0, shape, 1, r.rank());
            rows[i] = r.reshape(shape);
        }
        return Nd4j.concat(0, rows);
    }

    static void assertClose(String what, JsonNode expected, INDArray actual) {
        INDArray ref = tensor(expected);
        assertArrayEquals(ref.shape(), actual.shape(), what + ": shape");
        float[] e = ref.data().asFloat();
        float[] a = actual.dup('c').data().asFloat();
        for (int i = 0; i < e.length; i++) {
            int at = i;
            assertTrue(Math.abs(e[i] - a[i]) <= Math.max(1e-4 * Math.abs(e[i]), 1e-5),
                    () -> what + " at flat index " + at + ": ours " + a[at] + ", torch " + e[at]);
        }
    }

    static INDArray tensor(JsonNode node) {
        return JsonArrays.tensor(node);
    }
}

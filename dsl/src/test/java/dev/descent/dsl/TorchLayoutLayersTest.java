package dev.descent.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.data.Dataset;
import dev.descent.data.Rng;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.nn.Activation;
import dev.descent.dsl.nn.Sequential;
import dev.descent.store.Safetensors;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Convolution, batch norm, layer norm and embedding layers under torch's {@code state_dict} names and
 * layouts: a convolution's activation takes an index, only dense weights are transposed, batch norm's
 * running statistics travel as buffers, and a safetensors round trip restores parameters and buffers.
 */
class TorchLayoutLayersTest {
    @TempDir
    Path dir;

    private static Sequential cnn(long seed) {
        return Sequential.of(s -> s.input(1, 6, 6).conv2d(3, 3, Activation.relu()).batchNorm2d().maxPool2d(2).flatten()
                .layerNorm().dense(2).seed(seed));
    }

    @Test
    void modulesAreCountedAndLaidOutAsTorchDoes() {
        List<String> names = cnn(1).torchParameters().stream()
                .map(p -> p.name() + "->" + p.torchName() + (p.transposed() ? "^T" : "")).toList();
        // torch: 0 Conv2d, 1 ReLU, 2 BatchNorm2d, 3 MaxPool2d, 4 Flatten, 5 LayerNorm, 6 Linear
        assertEquals(List.of("layer0.weight->0.weight", "layer0.bias->0.bias", "layer1.weight->2.weight",
                "layer1.bias->2.bias", "layer1.running_mean->2.running_mean", "layer1.running_var->2.running_var",
                "layer4.weight->5.weight", "layer4.bias->5.bias", "layer5.weight->6.weight^T", "layer5.bias->6.bias"), names);
        List<String> embedding = Sequential.of(s -> s.input(4).embedding(10, 3).mean(1).dense(2).seed(1)).torchParameters()
                .stream().map(p -> p.torchName() + (p.transposed() ? "^T" : "")).toList();
        assertEquals(List.of("0.weight", "2.weight^T", "2.bias"), embedding, "an embedding's [num, dim] is torch's layout");
    }

    @Test
    void parametersAndRunningStatisticsRoundTripThroughSafetensors() {
        Rng rng = new Rng(3);
        float[] x = new float[16 * 36];
        float[] y = new float[16];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rng.nextGaussian();
        }
        for (int i = 0; i < y.length; i++) {
            y[i] = i % 2;
        }
        Dataset data = Dataset.of("x", Nd4j.createFromArray(x).reshape(16, 1, 6, 6), "y", Nd4j.createFromArray(y));
        Path file = dir.resolve("cnn.safetensors");
        INDArray expected;
        Map<String, INDArray> buffers;
        try (Model trained = Model.of(cnn(1), Loss.crossEntropy())) {
            trained.fit(data, t -> t.optimizer(Descent.sgd(0.1).momentum(0.9)).miniBatch(4).seed(2).epochs(2).quiet());
            trained.saveSafetensors(file);
            expected = trained.predict(data.array("x"));
            buffers = Map.copyOf(trained.buffers());
            Safetensors.Contents c = Safetensors.read(file);
            assertEquals(trained.buffers().get("layer1.running_var"), c.tensors().get("2.running_var"));
            assertEquals(trained.parameters().get("layer0.weight"), c.tensors().get("0.weight"), "[out, in, kh, kw] as is");
            assertEquals(trained.parameters().get("layer5.weight").transpose(), c.tensors().get("6.weight"));
        }
        try (Model fresh = Model.of(cnn(99), Loss.crossEntropy())) {
            fresh.loadSafetensors(file);
            buffers.forEach((name, v) -> assertEquals(v, fresh.buffers().get(name), name));
            assertEquals(expected, fresh.predict(data.array("x")), "evaluation uses the loaded running statistics");
        }
    }
}

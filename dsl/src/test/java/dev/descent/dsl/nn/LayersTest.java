package dev.descent.dsl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.graph.Shape;
import dev.descent.graph.ShapeException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The convolution, pooling, normalisation and embedding layers: shapes, names, torch's default initialisation, errors. */
class LayersTest {

    @Test
    void lenetShapesAndNames() {
        Sequential net = Sequential.builder().input(1, 28, 28)
                .conv2d(6, 5, Activation.relu()).maxPool2d(2)
                .conv2d(16, 5, Activation.relu()).maxPool2d(2)
                .flatten().dense(120, Activation.relu()).dense(84, Activation.relu()).dense(10)
                .build();
        assertEquals(Shape.of(Shape.ANY, 10), net.output().shape());
        assertEquals(List.of("layer0.weight", "layer0.bias", "layer2.weight", "layer2.bias", "layer5.weight", "layer5.bias",
                "layer6.weight", "layer6.bias", "layer7.weight", "layer7.bias"), List.copyOf(net.parameters().keySet()));
        assertEquals(Shape.of(6, 1, 5, 5), net.parameters().get("layer0.weight").shape());
        assertEquals(Shape.of(256, 120), net.parameters().get("layer5.weight").shape(), "16 x 4 x 4 features after the second pool");
        assertTrue(net.summary().contains("conv2d 6@5x5, relu -> [batch, 6, 24, 24]"), net.summary());
    }

    @Test
    void convolutionStartsAsTorchsDefault() {
        Sequential net = Sequential.builder().input(3, 8, 8).conv2d(4, 3).seed(7).build();
        double bound = 1 / Math.sqrt(3 * 3 * 3); // kaiming_uniform(a = sqrt 5): 1 / sqrt(fan_in), fan_in = in * kh * kw
        for (String p : List.of("layer0.weight", "layer0.bias")) {
            INDArray v = (INDArray) net.parameters().get(p).attrs().get("init");
            assertTrue(v.amaxNumber().doubleValue() <= bound, p + " within ±1/sqrt(27)");
            assertTrue(v.amaxNumber().doubleValue() > 0.8 * bound, p + " spread over the range");
        }
        INDArray again = (INDArray) Sequential.builder().input(3, 8, 8).conv2d(4, 3).seed(7).build()
                .parameters().get("layer0.weight").attrs().get("init");
        assertEquals(net.parameters().get("layer0.weight").attrs().get("init"), again, "seeded");
    }

    @Test
    void normalisationAndEmbeddingStartAsTorch() {
        Sequential net = Sequential.builder().input(4).embedding(50, 8).layerNorm().mean(1).batchNorm1d().build();
        INDArray emb = (INDArray) net.parameters().get("layer0.weight").attrs().get("init");
        double mean = emb.meanNumber().doubleValue();
        double std = emb.stdNumber().doubleValue();
        assertTrue(Math.abs(mean) < 0.1 && Math.abs(std - 1) < 0.1, "N(0, 1): mean " + mean + ", std " + std);
        for (String p : List.of("layer1.weight", "layer3.weight")) {
            INDArray w = (INDArray) net.parameters().get(p).attrs().get("init");
            assertEquals(1.0, w.minNumber().doubleValue(), 0.0, p + " ones");
            assertEquals(1.0, w.maxNumber().doubleValue(), 0.0, p + " ones");
        }
        assertEquals(Shape.of(Shape.ANY, 8), net.output().shape());
        assertEquals("int64", net.input().attrs().get("dtype"), "an embedding reads integer indices");
    }

    @Test
    void kernelLargerThanThePaddedInputIsNamed() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> Sequential.builder().input(1, 8, 8).conv2d(4, 5).maxPool2d(2).conv2d(8, 3).build());
        assertTrue(e.getMessage().contains("layer 2 'layer2' (conv2d 8@3x3)"), e.getMessage());
        assertTrue(e.getMessage().contains("the kernel spans 3 along the height but the input's height is 2"), e.getMessage());
        assertTrue(e.getMessage().contains("Fix:"), e.getMessage());
    }

    @Test
    void channelMismatchIsNamed() {
        ShapeException e = assertThrows(ShapeException.class,
                () -> Sequential.builder().input(3, 8, 8).conv2d(c -> c.inChannels(1).outChannels(4).kernel(3)).build());
        assertTrue(e.getMessage().contains("declares 1 input channels but receives [batch, 3, 8, 8]"), e.getMessage());
        ShapeException flat = assertThrows(ShapeException.class,
                () -> Sequential.builder().input(64).conv2d(4, 3).build());
        assertTrue(flat.getMessage().contains("[batch, channels, height, width]"), flat.getMessage());
        ShapeException bn = assertThrows(ShapeException.class,
                () -> Sequential.builder().input(3, 8, 8).batchNorm1d().build());
        assertTrue(bn.getMessage().contains("use batchNorm2d"), bn.getMessage());
    }

    @Test
    void nonPositiveSizesAreRefusedWhereTheyAreGiven() {
        IllegalArgumentException k = assertThrows(IllegalArgumentException.class,
                () -> Sequential.builder().input(1, 8, 8).conv2d(4, 0));
        assertTrue(k.getMessage().contains("kernel = 0; it must be >= 1"), k.getMessage());
        ShapeException s = assertThrows(ShapeException.class, () -> Sequential.builder().input(1, 8, 8).maxPool2d(2, 0, 0));
        assertTrue(s.getMessage().contains("stride = (0, 0)"), s.getMessage());
        ShapeException p = assertThrows(ShapeException.class, () -> Sequential.builder().input(1, 8, 8).maxPool2d(2, 2, 2).build());
        assertTrue(p.getMessage().contains("at most half the kernel"), p.getMessage());
        IllegalArgumentException m = assertThrows(IllegalArgumentException.class,
                () -> Sequential.builder().input(4).batchNorm1d(n -> n.momentum(1.5)));
        assertTrue(m.getMessage().contains("momentum = 1.5"), m.getMessage());
        IllegalArgumentException emb = assertThrows(IllegalArgumentException.class,
                () -> Sequential.builder().input(4).embedding(0, 8));
        assertTrue(emb.getMessage().contains("numEmbeddings = 0"), emb.getMessage());
    }
}

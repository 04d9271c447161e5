package dev.descent.dsl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import dev.descent.data.Dataset;
import dev.descent.data.Rng;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.metric.Metric;
import dev.descent.dsl.nn.Activation;
import dev.descent.dsl.nn.Sequential;
import dev.descent.graph.Expr;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.train.History;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ModelTest {

    /** Three Gaussian blobs in 2-D, labels 0..2. */
    static Dataset blobs(int n, long seed) {
        Rng rng = new Rng(seed);
        float[][] x = new float[n][2];
        float[] y = new float[n];
        double[][] centres = {{-2, 0}, {2, 0}, {0, 2.5}};
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            x[i][0] = (float) (centres[c][0] + 0.5 * rng.nextGaussian());
            x[i][1] = (float) (centres[c][1] + 0.5 * rng.nextGaussian());
            y[i] = c;
        }
        return Dataset.of("x", Nd4j.createFromArray(x), "y", Nd4j.createFromArray(y));
    }

    static Model classifier() {
        return Model.of(Sequential.of(s -> s.input(2).dense(16, Activation.tanh()).dense(3).seed(3)), Loss.crossEntropy());
    }

    @Test
    void classifierLearnsBlobsWithValidationMetricsInHistory() {
        try (Model model = classifier()) {
            History h = model.fit(blobs(300, 1), t -> t.optimizer(Descent.sgd(0.1).momentum(0.9)).miniBatch(32).seed(5)
                    .epochs(15).validationSplit(0.2).metrics(Metric.accuracy()).quiet());
            assertEquals(15, h.epochs().size());
            double[] valAcc = h.epochMetric("val_accuracy");
            assertTrue(valAcc[valAcc.length - 1] > 0.95, "validation accuracy " + valAcc[valAcc.length - 1]);
            assertTrue(h.epochLosses()[14] < h.epochLosses()[0] / 3, "loss falls");
            Dataset test = blobs(150, 99);
            assertTrue(model.evaluate(test, Metric.accuracy()).get("accuracy") > 0.95);
            assertEquals(150, model.predict(test.array("x")).size(0));
        }
    }

    @Test
    void miniBatchOfNWithoutShuffleEqualsFullBatch() {
        Dataset data = blobs(60, 2);
        try (Model a = classifier(); Model b = classifier()) {
            History ha = a.fit(data, t -> t.optimizer(Descent.sgd(0.05)).fullBatch().steps(10).quiet());
            History hb = b.fit(data, t -> t.optimizer(Descent.sgd(0.05)).miniBatch(60).shuffle(false).steps(10).quiet());
            assertArrayEquals(ha.losses(), hb.losses());
            for (String p : a.parameters().keySet()) {
                assertEquals(a.parameters().get(p), b.parameters().get(p), p);
            }
        }
    }

    @Test
    void samplesProcessedIsTheCostMeasure() {
        Dataset data = blobs(30, 3);
        try (Model m = classifier()) {
            assertEquals(30 * 4, (long) last(m.fit(data, t -> t.optimizer(Descent.sgd(0.05)).steps(4).quiet()).samplesProcessed()));
        }
        try (Model m = classifier()) {
            assertEquals(4, (long) last(m.fit(data, t -> t.optimizer(Descent.sgd(0.05)).singleSample().steps(4).quiet())
                    .samplesProcessed()));
        }
    }

    private static double last(double[] a) {
        return a[a.length - 1];
    }

    @Test
    void expressionModelFitsALine() {
        Expr x = Ops.input("x", Shape.ANY, 1);
        Expr w = Ops.param("w", Nd4j.zeros(1, 1).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        Expr b = Ops.param("b", Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1));
        float[][] xs = new float[50][1];
        float[][] ys = new float[50][1];
        for (int i = 0; i < 50; i++) {
            xs[i][0] = i / 25f - 1;
            ys[i][0] = 3 * xs[i][0] - 0.5f;
        }
        try (Model m = Model.of(x.matmul(w).plus(b), Loss.mse())) {
            m.fit(Dataset.of("x", Nd4j.createFromArray(xs), "y", Nd4j.createFromArray(ys)),
                    t -> t.optimizer(Descent.sgd(0.2)).epochs(300).quiet());
            assertEquals(3.0, m.parameters().get("w").getDouble(0), 1e-3);
            assertEquals(-0.5, m.parameters().get("b").getDouble(0), 1e-3);
            assertTrue(m.evaluate(Dataset.of("x", Nd4j.createFromArray(xs), "y", Nd4j.createFromArray(ys)), Metric.r2())
                    .get("r2") > 0.9999);
        }
    }

    @Test
    void saveAndLoadGiveIdenticalPredictions(@TempDir Path dir) {
        Dataset data = blobs(90, 4);
        Path file = dir.resolve("model.descent");
        INDArray before;
        try (Model m = Model.of(Sequential.of(s -> s.input(2).dense(8, Activation.relu()).dropout(0.2).dense(3)),
                Loss.crossEntropy())) {
            m.fit(data, t -> t.optimizer(Descent.sgd(0.1)).miniBatch(16).epochs(3).quiet());
            before = m.predict(data.array("x"));
            m.save(file);
        }
        try (Model loaded = Model.load(file)) {
            assertEquals(before, loaded.predict(data.array("x")));
        }
    }

    @Test
    void missingArraysAreNamed() {
        try (Model m = classifier()) {
            DescentException e = assertThrows(DescentException.class,
                    () -> m.fit(Dataset.of("features", Nd4j.zeros(3, 2), "y", Nd4j.zeros(3)),
                            t -> t.optimizer(Descent.sgd(0.1)).epochs(1).quiet()));
            assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("features"), e.getMessage());
        }
    }

    @Test
    void configurationIsValidatedWhenBuilt() {
        IllegalArgumentException nesterov = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().optimizer(Descent.sgd(0.1).nesterov()).epochs(1).build());
        assertTrue(nesterov.getMessage().startsWith("Nesterov momentum requires a momentum and zero dampening"));
        IllegalArgumentException lr = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().optimizer(Descent.sgd(-0.1)).epochs(1).build());
        assertTrue(lr.getMessage().startsWith("Invalid learning rate: -0.1"), lr.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().optimizer(Descent.sgd(0.1)).miniBatch(0).epochs(1).build());
        assertTrue(batch.getMessage().contains("0"), batch.getMessage());
        IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().optimizer(Descent.sgd(0.1)).build());
        assertTrue(length.getMessage().contains("epochs(n)"));
        IllegalArgumentException split = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().optimizer(Descent.sgd(0.1)).epochs(1).validationSplit(1.5).build());
        assertTrue(split.getMessage().contains("1.5"));
        IllegalArgumentException shuffle = assertThrows(IllegalArgumentException.class,
                () -> TrainingConfig.builder().optimizer(Descent.sgd(0.1)).epochs(1).dropLast(true).build());
        assertTrue(shuffle.getMessage().contains("miniBatch"));
    }
}

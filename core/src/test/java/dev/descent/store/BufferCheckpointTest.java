package dev.descent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Dataset;
import dev.descent.graph.Expr;
import dev.descent.graph.Functional;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Running statistics are buffers that travel with the parameters: a checkpoint of a batch-norm
 * model resumes bit-identically (parameters and buffers), a model file keeps them, and
 * {@code ./descent inspect}'s description lists them.
 */
class BufferCheckpointTest {
    private static final long SEED = 11;
    private static final int N = 7;
    private static final int M = 6;

    @TempDir
    Path dir;

    /** TestModels' data through linear -> batch norm -> tanh -> linear. */
    static ModelGraph batchNormMlp(long seed) {
        dev.descent.data.Rng rng = new dev.descent.data.Rng(seed);
        Expr x = Ops.input("x", Shape.ANY, 4);
        Expr h = x.matmul(Ops.param("w1", gaussian(rng, 4, 8)));
        h = Functional.batchNorm(h, Ops.param("bn.weight", Nd4j.ones(DataType.FLOAT, 8)), Ops.param("bn.bias",
                Nd4j.zeros(DataType.FLOAT, 8)), Ops.buffer("bn.running_mean", Nd4j.zeros(DataType.FLOAT, 8)),
                Ops.buffer("bn.running_var", Nd4j.ones(DataType.FLOAT, 8)), 1e-5, 0.1);
        Expr pred = Ops.tanh(h).matmul(Ops.param("w2", gaussian(rng, 8, 2)));
        Expr y = Ops.input("y", Shape.ANY, 2);
        return ModelGraph.builder().output("pred", pred).loss(Ops.mean(Ops.square(pred.minus(y)))).build();
    }

    private static INDArray gaussian(dev.descent.data.Rng rng, long... shape) {
        float[] v = new float[(int) (shape[0] * shape[1])];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (0.5 * rng.nextGaussian());
        }
        return Nd4j.createFromArray(v).reshape(shape);
    }

    private static Map<String, INDArray> state(CompiledModel m) {
        Map<String, INDArray> all = new LinkedHashMap<>(m.parameters());
        all.putAll(m.buffers());
        return all;
    }

    @Test
    void checkpointResumesParametersAndRunningStatisticsBitIdentically() {
        Dataset data = TestModels.data(SEED, TestModels.SAMPLES);
        String expected;
        try (CompiledModel m = GraphCompiler.compile(batchNormMlp(SEED))) {
            TestModels.trainer(m, SEED, N + M).fit(data);
            expected = TestModels.hash(state(m));
            assertNotEquals(0.0, m.buffers().get("bn.running_mean").amaxNumber().doubleValue(), "the running mean moved");
        }
        Path ckpt = dir.resolve("bn.ckpt");
        try (CompiledModel m = GraphCompiler.compile(batchNormMlp(SEED))) {
            Trainer t = TestModels.trainer(m, SEED, N);
            t.fit(data);
            Checkpoint.save(ckpt, batchNormMlp(SEED), t);
        }
        // another seed's weights and fresh running statistics: only the checkpoint can make it match
        try (CompiledModel m = GraphCompiler.compile(batchNormMlp(SEED + 1))) {
            Trainer t = TestModels.trainer(m, SEED, N + M);
            Checkpoint.restore(ckpt, t);
            t.fit(data);
            assertEquals(expected, TestModels.hash(state(m)));
        }
    }

    @Test
    void modelFileKeepsRunningStatisticsAndInspectListsThem() throws Exception {
        Path file = dir.resolve("bn.descent");
        INDArray rows = TestModels.data(SEED, 5).array("x");
        INDArray before;
        Map<String, INDArray> values;
        try (CompiledModel m = GraphCompiler.compile(batchNormMlp(SEED))) {
            TestModels.trainer(m, SEED, N).fit(TestModels.data(SEED, TestModels.SAMPLES));
            values = state(m);
            ModelFile.save(file, batchNormMlp(SEED), values, Map.of());
            before = m.output(Map.of("x", rows), java.util.List.of("pred")).get("pred");
        }
        ModelFile.SavedModel saved = ModelFile.load(file);
        assertEquals(values.get("bn.running_var"), saved.buffers().get("bn.running_var"));
        try (CompiledModel again = GraphCompiler.compile(saved.graph())) {
            assertEquals(values.get("bn.running_mean"), again.buffers().get("bn.running_mean"), "compiled from the saved values");
            assertEquals(before, again.output(Map.of("x", rows), java.util.List.of("pred")).get("pred"), "evaluation mode predicts alike");
        }
        String described = ModelFile.describe(file);
        assertTrue(described.contains("buffers (not trained; running statistics):"), described);
        assertTrue(described.contains("bn.running_var"), described);
        assertTrue(Files.size(file) > 0);
    }
}

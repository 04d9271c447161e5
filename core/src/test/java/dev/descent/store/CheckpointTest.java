package dev.descent.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import dev.descent.ForksAProcess;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.graph.ModelGraph;
import dev.descent.train.History;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import dev.descent.train.TrainingState;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Resuming is bit-identical: N steps, save, restore into a fresh model (initialised differently),
 * M more steps gives the same parameter bytes as N + M straight, in this JVM and in a child JVM.
 * N = 23 is mid-epoch (7 batches per epoch), so the permutation and the offset in it matter.
 */
class CheckpointTest {
    private static final long SEED = 42;
    private static final int N = 23;
    private static final int M = 17;

    @TempDir
    static Path dir;

    /** What one child JVM printed: a resume from {@code child.ckpt} and three seeded runs. */
    private static List<String> childOut;

    /** One JVM start serves both cross-JVM tests: the first to ask runs it. */
    private static synchronized List<String> childOut() {
        if (childOut == null) {
            Path ckpt = saveAfterN(SEED, "child.ckpt");
            childOut = ChildJvm.run(120, CheckpointChild.class, "resume", ckpt.toString(), String.valueOf(N + M),
                    String.valueOf(SEED), "+", "seeds", "30", "0", "1", String.valueOf(Long.MAX_VALUE));
        }
        return childOut;
    }

    private static String straight(long seed, int steps) {
        return CheckpointChild.trainFresh(seed, steps);
    }

    /** Trains N steps and writes a checkpoint; returns the file. */
    private static Path saveAfterN(long seed) {
        return saveAfterN(seed, "run.ckpt");
    }

    private static Path saveAfterN(long seed, String name) {
        Path ckpt = dir.resolve(name);
        ModelGraph g = TestModels.mlp(seed);
        try (CompiledModel m = GraphCompiler.compile(g)) {
            Trainer t = TestModels.trainer(m, seed, N);
            t.fit(TestModels.data(seed, TestModels.SAMPLES));
            assertEquals(N, t.steps());
            Checkpoint.save(ckpt, g, t, Map.of("run", "test"));
        }
        return ckpt;
    }

    @Test
    void aPlansCheckpointsAreWrittenEveryNStepsAndAtTheEndAndResumeBitIdentically() {
        String expected = straight(SEED, N + M);
        Path ckpt = dir.resolve("plan.ckpt");
        ModelGraph g = TestModels.mlp(SEED);
        List<Long> writtenAt = new java.util.ArrayList<>();
        try (CompiledModel m = GraphCompiler.compile(g)) {
            dev.descent.train.CheckpointWriter toFile = Checkpoint.writer(ckpt, g);
            Trainer t = Trainer.create(m, TestModels.trainer(m, SEED, N).plan().toBuilder()
                    .checkpointEvery(10, tr -> {
                        writtenAt.add(tr.steps());
                        toFile.write(tr);
                    }).build());
            t.fit(TestModels.data(SEED, TestModels.SAMPLES));
        }
        // every 10 steps, once the step (and an epoch it ended) is complete, and when fit returns at N = 23
        assertEquals(List.of(10L, 20L, (long) N), writtenAt);
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(SEED + 1))) {
            Trainer t = TestModels.trainer(m, SEED, N + M);
            Checkpoint.restore(ckpt, t);
            assertEquals(N, t.steps());
            t.fit(TestModels.data(SEED, TestModels.SAMPLES));
            assertEquals(expected, TestModels.hash(m.parameters()));
        }
    }

    @Test
    void aRunRestoredAtItsEndTakesNoFurtherStep() {
        Path ckpt = saveAfterN(SEED, "finished.ckpt");
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(SEED))) {
            Trainer t = TestModels.trainer(m, SEED, N);
            Checkpoint.restore(ckpt, t);
            String before = TestModels.hash(m.parameters());
            History h = t.fit(TestModels.data(SEED, TestModels.SAMPLES));
            assertEquals(N, t.steps(), "the plan's " + N + " steps were all taken before the checkpoint");
            assertEquals(0, h.steps().size());
            assertEquals(before, TestModels.hash(m.parameters()));
            assertTrue(h.stopReason().contains("max steps"), h.stopReason());
        }
    }

    @Test
    void resumeFromFileInSameJvmIsBitIdentical() {
        String expected = straight(SEED, N + M);
        Path ckpt = saveAfterN(SEED);
        // a model initialised from another seed: only the checkpoint can make it match
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(SEED + 1000))) {
            Trainer t = TestModels.trainer(m, SEED, N + M);
            Checkpoint.restore(ckpt, t);
            assertEquals(N, t.steps());
            t.fit(TestModels.data(SEED, TestModels.SAMPLES));
            assertEquals(N + M, t.steps());
            assertEquals(expected, TestModels.hash(m.parameters()));
        }
    }

    @Test
    void optimizerAndSamplerStateMatter() {
        // negative control: restoring parameters alone (fresh momentum, sampler at epoch 0) diverges
        String expected = straight(SEED, N + M);
        Path ckpt = saveAfterN(SEED);
        ModelFile.SavedModel saved = ModelFile.load(ckpt);
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(SEED))) {
            m.setParameters(saved.parameters());
            TestModels.trainer(m, SEED, M).fit(TestModels.data(SEED, TestModels.SAMPLES));
            assertNotEquals(expected, TestModels.hash(m.parameters()));
        }
    }

    @Test
    void exportAndRestoreInMemoryIsBitIdentical() {
        String expected = straight(SEED, N + M);
        Dataset data = TestModels.data(SEED, TestModels.SAMPLES);
        TrainingState state;
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(SEED))) {
            Trainer t = TestModels.trainer(m, SEED, N);
            t.fit(data);
            state = t.exportState();
            t.step(data); // the export is a deep copy: later steps do not leak into it
        }
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(7))) {
            Trainer t = TestModels.trainer(m, SEED, N + M);
            t.restoreState(state);
            // exported before the first fit, the pending sampler position must survive
            TrainingState again = t.exportState();
            assertEquals(state.sampler(), again.sampler());
            t.fit(data);
            assertEquals(expected, TestModels.hash(m.parameters()));
        }
    }

    @Test
    @ForksAProcess
    void resumeInChildJvmIsBitIdentical() {
        String expected = straight(SEED, N + M);
        List<String> out = childOut();
        assertTrue(out.contains("HASH " + expected), () -> "child printed " + out + ", expected hash " + expected);
    }

    @Test
    @ForksAProcess
    void seedsZeroOneAndMaxGiveIdenticalHashesInTwoJvms() {
        long[] seeds = {0, 1, Long.MAX_VALUE};
        List<String> out = childOut();
        Set<String> distinct = new HashSet<>();
        for (long seed : seeds) {
            String here = straight(seed, 30);
            distinct.add(here);
            assertTrue(out.contains("SEED " + seed + " " + here), () -> "seed " + seed + ": child printed " + out
                    + ", this JVM computed " + here);
        }
        assertEquals(3, distinct.size(), "different seeds must give different runs");
    }

    @Test
    void checkpointCarriesOptimizerSamplerAndCounters() {
        Path ckpt = saveAfterN(SEED);
        ModelFile.SavedModel m = ModelFile.load(ckpt);
        assertEquals("checkpoint", m.kind());
        assertEquals("test", m.metadata().get("run"));
        assertEquals(N, m.header().path("training").path("step").asLong());
        assertEquals(N / 7, m.header().path("training").path("sampler").path("epoch").asLong());
        assertEquals(N % 7, m.header().path("training").path("sampler").path("stepInEpoch").asInt());
        assertEquals(4, m.tensors().keySet().stream().filter(k -> k.endsWith("/momentum_buffer")).count());
        String d = ModelFile.describe(ckpt);
        assertTrue(d.contains("kind:        checkpoint"), d);
        assertTrue(d.contains("optimizer:   sgd"), d);
        assertTrue(d.contains("\"momentum\":0.9"), d);
        assertTrue(d.contains("step:        23 (epoch 3"), d);
        assertTrue(d.contains("w1") && d.contains("[4, 8]"), d);
        assertTrue(d.contains("mini-batch of 8, shuffled, seed 42"), d);
    }

    @Test
    void modelFileRoundTripsParametersAndPredictions() {
        ModelGraph g = TestModels.mlp(3);
        Path file = dir.resolve("m.descent");
        Dataset data = TestModels.data(3, TestModels.SAMPLES);
        try (CompiledModel m = GraphCompiler.compile(g)) {
            TestModels.trainer(m, 3, 10).fit(data);
            ModelFile.save(file, g, m.parameters(), Map.of("dataset", "synthetic"));
            INDArray expected = m.output(Map.of("x", data.array("x")), List.of("pred")).get("pred");
            ModelFile.SavedModel loaded = ModelFile.load(file);
            assertEquals("model", loaded.kind());
            assertEquals(TestModels.hash(m.parameters()), TestModels.hash(loaded.parameters()));
            try (CompiledModel again = GraphCompiler.compile(loaded.graph())) {
                INDArray actual = again.output(Map.of("x", data.array("x")), List.of("pred")).get("pred");
                assertArrayEquals(expected.data().asFloat(), actual.data().asFloat());
            }
            CorruptFileException e = assertThrows(CorruptFileException.class,
                    () -> Checkpoint.restore(file, TestModels.trainer(m, 3, 10)));
            assertTrue(e.getMessage().contains("without training state"), e.getMessage());
        }
    }

    @Test
    void mismatchedTrainerIsRefusedAndLeftUnchanged() {
        Path ckpt = saveAfterN(SEED);
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(5))) {
            Trainer other = Trainer.create(m, TrainingPlan.builder().optimizer(TestModels.sgd()).batching(Batching.miniBatch(5).seed(SEED))
                    .steps(5).build());
            String before = TestModels.hash(m.parameters());
            DescentException e = assertThrows(DescentException.class, () -> Checkpoint.restore(ckpt, other));
            assertTrue(e.getMessage().contains("mini-batch of 8, shuffled, seed 42")
                    && e.getMessage().contains("mini-batch of 5"), e.getMessage());
            assertEquals(before, TestModels.hash(m.parameters()), "a refused restore must not touch the parameters");
            assertEquals(0, other.steps());
        }
    }
}

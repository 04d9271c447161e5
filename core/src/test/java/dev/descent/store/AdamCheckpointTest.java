package dev.descent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.ForksAProcess;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.graph.ModelGraph;
import dev.descent.optim.ParamState;
import dev.descent.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adam's state (exp_avg, exp_avg_sq, max_exp_avg_sq and the step count that drives the bias
 * correction) goes into checkpoints: N steps, save, restore into a model initialised differently, M
 * more steps gives the bytes of N + M straight, in this JVM and in a child JVM; with parameter
 * groups that override betas, the learning rate and amsgrad.
 */
class AdamCheckpointTest {
    private static final long SEED = 9;
    private static final int N = 23;
    private static final int M = 17;

    @TempDir
    Path dir;

    private static String straight(int steps) {
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(SEED))) {
            TestModels.adamTrainer(m, SEED, steps).fit(TestModels.data(SEED, TestModels.SAMPLES));
            return TestModels.hash(m.parameters());
        }
    }

    private Path saveAfterN() {
        Path ckpt = dir.resolve("adam.ckpt");
        ModelGraph g = TestModels.mlp(SEED);
        try (CompiledModel m = GraphCompiler.compile(g)) {
            Trainer t = TestModels.adamTrainer(m, SEED, N);
            t.fit(TestModels.data(SEED, TestModels.SAMPLES));
            Checkpoint.save(ckpt, g, t);
        }
        return ckpt;
    }

    @Test
    void resumeIsBitIdenticalInThisJvm() {
        String expected = straight(N + M);
        Path ckpt = saveAfterN();
        ModelFile.SavedModel saved = ModelFile.load(ckpt);
        // every parameter's moments, max_exp_avg_sq where amsgrad is on (not b1's group), and the step
        assertEquals(4, saved.tensors().keySet().stream().filter(k -> k.endsWith("/exp_avg")).count());
        assertEquals(4, saved.tensors().keySet().stream().filter(k -> k.endsWith("/exp_avg_sq")).count());
        assertEquals(List.of("opt/b2/max_exp_avg_sq", "opt/w1/max_exp_avg_sq", "opt/w2/max_exp_avg_sq"),
                saved.tensors().keySet().stream().filter(k -> k.endsWith("/max_exp_avg_sq")).sorted().toList());
        assertEquals(N, saved.header().path("training").path("optimizer").path("states").path("w1").path("step").asLong());
        assertTrue(ModelFile.describe(ckpt).contains("optimizer:   adam"), ModelFile.describe(ckpt));
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(SEED + 1))) {
            Trainer t = TestModels.adamTrainer(m, SEED, N + M);
            Checkpoint.restore(ckpt, t);
            for (String p : m.parameters().keySet()) {
                assertEquals(N, t.optimizer().state(p).step(), p + ": the bias correction continues from step " + N);
            }
            t.fit(TestModels.data(SEED, TestModels.SAMPLES));
            assertEquals(expected, TestModels.hash(m.parameters()));
        }
    }

    @Test
    @ForksAProcess
    void resumeIsBitIdenticalInAnotherJvm() {
        String expected = straight(N + M);
        Path ckpt = saveAfterN();
        List<String> child = ChildJvm.run(120, CheckpointChild.class, "resume-adam", ckpt.toString(),
                String.valueOf(N + M), String.valueOf(SEED));
        assertTrue(child.contains("ADAM " + expected), () -> "child printed " + child + ", expected " + expected);
    }

    @Test
    void theMomentsAndStepMatter() {
        // negative control: the same resume with Adam's state reset (zero moments, step 0) diverges
        String expected = straight(N + M);
        Path ckpt = saveAfterN();
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(SEED))) {
            Trainer t = TestModels.adamTrainer(m, SEED, N + M);
            Checkpoint.restore(ckpt, t);
            for (String p : m.parameters().keySet()) {
                ParamState s = t.optimizer().state(p);
                s.setStep(0);
                s.buffers().values().forEach(b -> b.assign(0));
            }
            t.fit(TestModels.data(SEED, TestModels.SAMPLES));
            assertNotEquals(expected, TestModels.hash(m.parameters()));
        }
    }
}

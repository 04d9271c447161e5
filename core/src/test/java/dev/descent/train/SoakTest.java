package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Dataset;
import dev.descent.data.Rng;
import dev.descent.graph.ModelGraph;
import dev.descent.serve.Predictor;
import dev.descent.store.Checkpoint;
import dev.descent.store.LongMode;
import dev.descent.store.TestModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Memory stays flat over a long run of training, checkpointing, swapping and inference: after a
 * full GC, heap used + JavaCPP's off-heap bytes may grow by less than 5% between the 2nd and the
 * 5th of five measurements. Under {@code -Plong}: 20,000 steps and 10^6 inferences; by default
 * 100 steps and 2,000 inferences (a step costs tens of ms on a busy 2-core machine).
 */
class SoakTest {
    @TempDir
    Path dir;

    private static long memory() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50); // lets JavaCPP's deallocator thread free what the GC found
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory() + Pointer.totalBytes();
    }

    @Test
    void memoryIsFlatOverTrainingCheckpointsSwapsAndInference() throws InterruptedException {
        int phases = 5;
        int steps = LongMode.pick(100, 20_000) / phases;
        int inferences = LongMode.pick(2_000, 1_000_000) / phases;
        ModelGraph g = TestModels.mlp(31);
        Dataset data = TestModels.data(31, TestModels.SAMPLES);
        Path ckpt = dir.resolve("soak.ckpt");
        List<Long> measured = new ArrayList<>();
        Rng rng = new Rng(3);
        INDArray[] inputs = {TestModels.features(rng, 1), TestModels.features(rng, 7), TestModels.features(rng, 32)};
        try (CompiledModel m = GraphCompiler.compile(g);
                Predictor p = Predictor.create(g, m.parameters(), 2)) {
            Trainer t = TestModels.trainer(m, 31, Long.MAX_VALUE);
            for (int phase = 0; phase < phases; phase++) {
                for (int s = 0; s < steps; s++) {
                    t.step(data);
                    if (s % Math.max(steps / 4, 1) == 0) {
                        Checkpoint.save(ckpt, g, t);
                    }
                    if (s % Math.max(steps / 2, 1) == 1) {
                        Map<String, INDArray> snap = new LinkedHashMap<>(m.parameters());
                        p.swap(snap);
                    }
                }
                for (int i = 0; i < inferences; i++) {
                    p.predict(Map.of("x", inputs[i % inputs.length]));
                }
                measured.add(memory());
            }
        }
        long second = measured.get(1);
        long fifth = measured.get(4);
        assertTrue(fifth < second * 1.05, "memory grew from " + second + " to " + fifth + " bytes: " + measured);
    }
}

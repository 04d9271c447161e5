package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.graph.ModelGraph;
import dev.descent.optim.Sgd;
import dev.descent.schedule.LrSchedule;
import dev.descent.schedule.LrSchedules;
import dev.descent.store.Checkpoint;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Checkpoints through Hadoop's FileSystem let a killed driver resume; the result equals training straight through. */
class SparkTrainerCheckpointTest {
    private static final int STEPS = 20;

    @TempDir
    Path dir;

    /** Momentum, an epoch-unit schedule and shuffled mini-batches: every piece of state must survive the restart. */
    private static SparkTrainer.Builder config(ModelGraph graph) {
        return SparkTrainer.builder(graph, Fixtures.regressionRdd())
                .optimizer(Sgd.builder().lr(0.08).momentum(0.9).build())
                .schedule(LrSchedules.step(1, 0.8, LrSchedule.Unit.EPOCH))
                .batching(Batching.miniBatch(8).seed(4))
                .steps(STEPS);
    }

    @Test
    void killedDriverResumesFromTheLastCheckpoint() {
        ModelGraph graph = Fixtures.regressionMlp();
        String path = dir.resolve("runs/mlp.ckpt").toUri().toString();

        Map<String, INDArray> straight = new HashMap<>();
        try (SparkTrainer t = config(graph).build()) {
            t.fit();
            t.parameters().forEach((k, v) -> straight.put(k, v.dup()));
        }

        // the driver dies during step 11 (after 10 full steps); the last checkpoint is of step 8, mid-epoch 1
        try (SparkTrainer killed = config(graph).checkpointEvery(4, path).onStep(r -> {
            if (r.step() == 10) {
                throw new IllegalStateException("driver killed");
            }
        }).build()) {
            assertFalse(killed.restoreIfPresent(path), "no checkpoint yet");
            assertThrows(IllegalStateException.class, killed::fit);
        }
        assertTrue(Files.exists(dir.resolve("runs/mlp.ckpt")));

        try (SparkTrainer resumed = config(graph).checkpointEvery(4, path).build()) {
            resumed.restore(path);
            assertEquals(8, resumed.steps());
            resumed.fit();
            assertEquals(STEPS, resumed.steps());
            assertEquals(8, resumed.history().steps().get(0).step());
            assertEquals(STEPS - 8, resumed.sparkSteps().size());
            // to the bit: same sums in the same order, and a new plan's first step rounds as a cached one's
            Fixtures.assertParamsClose(straight, resumed.parameters(), 0);
        }

        // fit wrote a final checkpoint at step 20; a local trainer reads it too (same format, same sampler state)
        try (CompiledModel local = GraphCompiler.compile(graph)) {
            Trainer t = Trainer.create(local, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.08).momentum(0.9).build())
                    .schedule(LrSchedules.step(1, 0.8, LrSchedule.Unit.EPOCH)).batching(Batching.miniBatch(8).seed(4))
                    .steps(STEPS).build());
            Checkpoint.restore(dir.resolve("runs/mlp.ckpt"), t);
            assertEquals(STEPS, t.steps());
            assertEquals(4, t.epochs());
            Fixtures.assertParamsClose(straight, local.parameters(), 1e-6);
        }
    }

    @Test
    void missingCheckpointIsReported() {
        String path = dir.resolve("none.ckpt").toUri().toString();
        try (SparkTrainer t = config(Fixtures.regressionMlp()).build()) {
            DescentException e = assertThrows(DescentException.class, () -> t.restore(path));
            assertTrue(e.getMessage().contains("No checkpoint at " + path), e.getMessage());
        }
    }
}

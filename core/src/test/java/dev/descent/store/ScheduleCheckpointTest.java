package dev.descent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.graph.ModelGraph;
import dev.descent.schedule.LrSchedule;
import dev.descent.schedule.LrSchedules;
import dev.descent.schedule.PlateauState;
import dev.descent.schedule.ReduceLrOnPlateau;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A metric-driven schedule's state goes through checkpoints: a reduce-on-plateau schedule (here
 * behind a warm-up) that has reduced the rate before the save resumes with the same counters, bit
 * for bit, and the run continues to the bytes of a straight run.
 */
class ScheduleCheckpointTest {
    private static final long SEED = 11;
    private static final int N = 23; // 3 epochs of 7 batches done, and 2 steps into the fourth
    private static final int M = 17;

    @TempDir
    Path dir;

    /** Patience 0 and a 50% threshold: nearly every epoch ends in a reduction. */
    private static ReduceLrOnPlateau plateau(int cooldown) {
        return LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MIN, 0.5, 0, 0.5, cooldown, 0.0);
    }

    private static Trainer trainer(CompiledModel m, LrSchedule schedule, long steps) {
        return Trainer.create(m, TrainingPlan.builder().optimizer(TestModels.sgd())
                .batching(Batching.miniBatch(TestModels.BATCH).seed(SEED)).schedule(schedule).steps(steps).build());
    }

    private static String straight(int steps) {
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(SEED))) {
            trainer(m, LrSchedules.linearWarmup(1, 0.5, plateau(1)), steps).fit(TestModels.data(SEED, TestModels.SAMPLES));
            return TestModels.hash(m.parameters());
        }
    }

    /** Trains {@code steps} steps with {@code p} behind a one-epoch warm-up and saves; returns the file. */
    private Path saveAfter(int steps, ReduceLrOnPlateau p) {
        Path ckpt = dir.resolve("plateau-" + steps + ".ckpt");
        ModelGraph g = TestModels.mlp(SEED);
        try (CompiledModel m = GraphCompiler.compile(g)) {
            Trainer t = trainer(m, LrSchedules.linearWarmup(1, 0.5, p), steps);
            t.fit(TestModels.data(SEED, TestModels.SAMPLES));
            Checkpoint.save(ckpt, g, t);
        }
        return ckpt;
    }

    @Test
    void plateauStateResumesBitIdentically() {
        String expected = straight(N + M);
        ReduceLrOnPlateau saved = plateau(1);
        Path ckpt = saveAfter(N, saved);
        assertTrue(saved.state().reductions() >= 1, "the rate was reduced before the save: " + saved);
        assertEquals(saved.state().reductions(),
                ModelFile.load(ckpt).header().path("training").path("schedule").path("reductions").asInt());
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(SEED + 1))) {
            ReduceLrOnPlateau resumed = plateau(1);
            Trainer t = trainer(m, LrSchedules.linearWarmup(1, 0.5, resumed), N + M);
            Checkpoint.restore(ckpt, t);
            assertEquals(saved.state(), resumed.state());
            assertEquals(Double.doubleToRawLongBits(saved.state().best()), Double.doubleToRawLongBits(resumed.state().best()));
            t.fit(TestModels.data(SEED, TestModels.SAMPLES));
            assertEquals(expected, TestModels.hash(m.parameters()));
        }
        // negative control: the same resume with the plateau's counters lost diverges
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(SEED))) {
            ReduceLrOnPlateau reset = plateau(1);
            Trainer t = trainer(m, LrSchedules.linearWarmup(1, 0.5, reset), N + M);
            Checkpoint.restore(ckpt, t);
            reset.restore(new PlateauState(Double.POSITIVE_INFINITY, 0, 0, 0));
            t.fit(TestModels.data(SEED, TestModels.SAMPLES));
            assertNotEquals(expected, TestModels.hash(m.parameters()));
        }
    }

    @Test
    void anInfiniteBestBeforeTheFirstEpochRoundTrips() {
        ReduceLrOnPlateau saved = plateau(1);
        Path ckpt = saveAfter(3, saved);
        assertEquals(new PlateauState(Double.POSITIVE_INFINITY, 0, 0, 0), saved.state());
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(SEED))) {
            ReduceLrOnPlateau resumed = plateau(1);
            resumed.restore(new PlateauState(0.25, 0, 1, 4)); // to see that the restore overwrites it
            Checkpoint.restore(ckpt, trainer(m, LrSchedules.linearWarmup(1, 0.5, resumed), 10));
            assertEquals(saved.state(), resumed.state());
        }
    }

    @Test
    void aPlateauStateThatDoesNotFitIsRefusedAndChangesNothing() {
        // saved with cooldown 1, mid-cooldown; restored into a schedule without cooldown
        ReduceLrOnPlateau saved = plateau(1);
        Path ckpt = saveAfter(22, saved);
        assertEquals(1, saved.state().cooldownCounter(), saved.toString());
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(SEED + 2))) {
            ReduceLrOnPlateau other = plateau(0);
            Trainer t = trainer(m, LrSchedules.linearWarmup(1, 0.5, other), N + M);
            String before = TestModels.hash(m.parameters());
            DescentException e = assertThrows(DescentException.class, () -> Checkpoint.restore(ckpt, t));
            assertTrue(e.getMessage().contains("cooldownCounter=1 exceeds this schedule's cooldown 0"), e.getMessage());
            assertEquals(new PlateauState(Double.POSITIVE_INFINITY, 0, 0, 0), other.state());
            assertEquals(before, TestModels.hash(m.parameters()), "a refused restore must not touch the parameters");
            assertEquals(0, t.steps());
        }
        // a schedule that fits, but an optimizer grouping that does not: the schedule is put back
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(SEED + 2))) {
            ReduceLrOnPlateau same = plateau(1);
            Trainer t = Trainer.create(m, TrainingPlan.builder().optimizer(TestModels.sgd())
                    .group(java.util.List.of("w1"), java.util.Map.of("lr", 0.01))
                    .batching(Batching.miniBatch(TestModels.BATCH).seed(SEED))
                    .schedule(LrSchedules.linearWarmup(1, 0.5, same)).steps(N + M).build());
            assertThrows(DescentException.class, () -> Checkpoint.restore(ckpt, t));
            assertEquals(new PlateauState(Double.POSITIVE_INFINITY, 0, 0, 0), same.state());
        }
    }
}

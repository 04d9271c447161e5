package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.optim.Sgd;
import dev.descent.optim.UpdateRule;
import dev.descent.store.TestModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NaN in the data, or a learning rate that overflows: FAIL throws at the exact step with the
 * parameters from before it, STOP stops with a reason, SKIP skips exactly the bad steps.
 * Batches of 10 in order over 50 samples with a NaN in row 35: steps 3 and 8 see it.
 */
class NonFinitePolicyTest {

    private static Dataset dataWithNaN() {
        Dataset d = TestModels.data(4, TestModels.SAMPLES);
        INDArray x = d.array("x").dup();
        x.putScalar(35, 2, Double.NaN);
        return Dataset.of("x", x, "y", d.array("y"));
    }

    private static Trainer trainer(CompiledModel m, UpdateRule rule, NonFinitePolicy policy, List<String> hashes) {
        return Trainer.create(m, TrainingPlan.builder().optimizer(rule).batching(Batching.miniBatch(10).shuffle(false))
                .nonFinite(policy).steps(10).onStep(r -> hashes.add(TestModels.hash(m.parameters()))).build());
    }

    @Test
    void failThrowsAtTheExactStepWithParametersUnchanged() {
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(4))) {
            List<String> hashes = new ArrayList<>();
            Trainer t = trainer(m, TestModels.sgd(), NonFinitePolicy.FAIL, hashes);
            NonFiniteException e = assertThrows(NonFiniteException.class, () -> t.fit(dataWithNaN()));
            assertEquals(3, e.step());
            assertTrue(e.getMessage().contains("at step 3") && e.getMessage().contains("NaN"), e.getMessage());
            assertEquals(3, hashes.size(), "steps 0..2 completed");
            assertEquals(hashes.get(2), TestModels.hash(m.parameters()), "parameters must be those after step 2");
            assertEquals(3, t.steps());
        }
    }

    @Test
    void stopEndsGracefullyWithAReason() {
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(4))) {
            List<String> hashes = new ArrayList<>();
            History h = trainer(m, TestModels.sgd(), NonFinitePolicy.STOP, hashes).fit(dataWithNaN());
            assertNotNull(h.stopReason());
            assertTrue(h.stopReason().contains("non-finite") && h.stopReason().contains("step 3"), h.stopReason());
            assertEquals(4, h.steps().size());
            assertTrue(h.steps().get(3).skipped());
            assertEquals(hashes.get(2), TestModels.hash(m.parameters()), "the bad step must not update");
        }
    }

    @Test
    void skipSkipsExactlyTheBadSteps() {
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(4))) {
            List<String> hashes = new ArrayList<>();
            History h = trainer(m, TestModels.sgd(), NonFinitePolicy.SKIP, hashes).fit(dataWithNaN());
            assertEquals(10, h.steps().size());
            for (StepRecord r : h.steps()) {
                assertEquals(r.step() == 3 || r.step() == 8, r.skipped(), "step " + r.step());
            }
            assertEquals(hashes.get(2), hashes.get(3), "skipped step 3 changed the parameters");
            assertFalse(hashes.get(3).equals(hashes.get(4)), "step 4 must train again");
            for (INDArray p : m.parameters().values()) {
                assertEquals(0, p.isNaN().castTo(org.nd4j.linalg.api.buffer.DataType.INT32).sumNumber().intValue());
            }
            assertTrue(h.stopReason().contains("max steps"), h.stopReason());
        }
    }

    @Test
    void overflowingLearningRateIsCaughtAtTheFirstNonFiniteStep() {
        Sgd huge = Sgd.builder().lr(1e30).build();
        Dataset data = TestModels.data(4, TestModels.SAMPLES);
        long firstBad;
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(4))) {
            History h = trainer(m, huge, NonFinitePolicy.STOP, new ArrayList<>()).fit(data);
            List<StepRecord> steps = h.steps();
            StepRecord last = steps.get(steps.size() - 1);
            assertTrue(last.skipped() && (!Double.isFinite(last.loss()) || !Double.isFinite(last.gradNorm())), last.toString());
            for (StepRecord r : steps.subList(0, steps.size() - 1)) {
                assertTrue(Double.isFinite(r.loss()) && Double.isFinite(r.gradNorm()), r.toString());
            }
            firstBad = last.step();
            assertTrue(firstBad >= 1, "the first step starts from finite parameters");
        }
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(4))) {
            List<String> hashes = new ArrayList<>();
            Trainer t = trainer(m, huge, NonFinitePolicy.FAIL, hashes);
            NonFiniteException e = assertThrows(NonFiniteException.class, () -> t.fit(data));
            assertEquals(firstBad, e.step());
            assertEquals(hashes.get((int) firstBad - 1), TestModels.hash(m.parameters()));
        }
    }
}

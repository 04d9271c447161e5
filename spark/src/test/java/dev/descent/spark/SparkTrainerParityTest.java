package dev.descent.spark;

import static dev.descent.spark.Fixtures.assertParamsClose;
import static dev.descent.spark.Fixtures.assertTrained;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.graph.ModelGraph;
import dev.descent.optim.GradientClipping;
import dev.descent.optim.Sgd;
import dev.descent.optim.UpdateRule;
import dev.descent.schedule.LrSchedule;
import dev.descent.schedule.LrSchedules;
import dev.descent.train.History;
import dev.descent.train.StepRecord;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Same graph, rule, batching and seed: Spark training equals single-JVM training up to summation order. */
class SparkTrainerParityTest {
    private static final double REL = 1e-5;

    private static UpdateRule rule() {
        return Sgd.builder().lr(0.05).momentum(0.9).nesterov(true).weightDecay(1e-3).build();
    }

    private static Supplier<LrSchedule> schedule() {
        return () -> LrSchedules.step(2, 0.7, LrSchedule.Unit.EPOCH);
    }

    @Test
    void fullBatchMatchesLocalTraining() {
        compare(Fixtures.regressionMlp(), Fixtures.regressionRdd(), Fixtures.regressionData(), Batching.fullBatch(), 25,
                LossReduction.MEAN);
    }

    @Test
    void miniBatchesMatchLocalTraining() {
        // 37 samples in batches of 8: 5 steps per epoch, the last of 5 samples; 30 steps cross 6 epochs
        List<SparkStepRecord> steps = compare(Fixtures.regressionMlp(), Fixtures.regressionRdd(), Fixtures.regressionData(),
                Batching.miniBatch(8).seed(7), 30, LossReduction.MEAN);
        assertEquals(5, steps.get(4).step().samples());
        assertTrue(steps.stream().allMatch(r -> r.busyPartitions() >= 1 && r.busyPartitions() <= 4));
    }

    @Test
    void singleSamplesMatchLocalTraining() {
        List<SparkStepRecord> steps = compare(Fixtures.regressionMlp(), Fixtures.regressionRdd(), Fixtures.regressionData(),
                Batching.singleSample(3), 45, LossReduction.MEAN);
        assertTrue(steps.stream().allMatch(r -> r.busyPartitions() == 1 && r.step().samples() == 1));
    }

    @Test
    void sumReducedClassIndexLossMatchesLocalTraining() {
        compare(Fixtures.classifierSum(), Fixtures.classRdd(), Fixtures.classData(), Batching.miniBatch(10).seed(2), 20,
                LossReduction.SUM);
    }

    private static List<SparkStepRecord> compare(ModelGraph graph, JavaRDD<Sample> rdd, Dataset data, Batching batching,
            int steps, LossReduction reduction) {
        Map<String, INDArray> initial = new HashMap<>();
        History expected;
        Map<String, INDArray> expectedParams = new HashMap<>();
        try (CompiledModel local = GraphCompiler.compile(graph)) {
            local.parameters().forEach((k, v) -> initial.put(k, v.dup()));
            Trainer t = Trainer.create(local, TrainingPlan.builder().optimizer(rule()).batching(batching).schedule(schedule().get())
                    .clipNorm(5.0).steps(steps).build());
            expected = t.fit(data);
            local.parameters().forEach((k, v) -> expectedParams.put(k, v.dup()));
        }
        try (SparkTrainer st = SparkTrainer.builder(graph, rdd).optimizer(rule()).batching(batching)
                .schedule(schedule().get()).clipNorm(5.0).lossReduction(reduction)
                .steps(steps).build()) {
            assertEquals(4, st.partitions());
            History actual = st.fit();
            assertTrained(initial, st.parameters());
            assertParamsClose(expectedParams, st.parameters(), REL);
            assertEquals(steps, actual.steps().size());
            assertEquals(expected.epochs().size(), actual.epochs().size());
            for (int i = 0; i < steps; i++) {
                StepRecord e = expected.steps().get(i);
                StepRecord a = actual.steps().get(i);
                assertEquals(e.samples(), a.samples(), "samples of step " + i);
                assertEquals(e.totalSamples(), a.totalSamples());
                assertEquals(e.epoch(), a.epoch());
                assertEquals(e.lr(), a.lr(), 1e-12);
                assertEquals(e.loss(), a.loss(), REL * Math.abs(e.loss()) + 1e-7, "loss of step " + i);
                assertEquals(e.gradNorm(), a.gradNorm(), REL * Math.abs(e.gradNorm()) + 1e-7, "gradient norm of step " + i);
            }
            List<SparkStepRecord> records = st.sparkSteps();
            assertEquals(steps, records.size());
            for (SparkStepRecord r : records) {
                assertEquals(4, r.partitions());
                assertTrue(r.broadcastMillis() >= 0 && r.computeMillis() > 0 && r.aggregateMillis() >= 0
                        && r.updateMillis() >= 0, r.toString());
            }
            // compiled once per task slot of this JVM (local[2]: at most 2), then reused by every task
            int compiled = ExecutorModels.compilations(st.modelId());
            assertTrue(compiled >= 1 && compiled <= 2, "compiled " + compiled + " times");
            return records;
        }
    }
}

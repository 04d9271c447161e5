package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.data.Batching;
import dev.descent.graph.ModelGraph;
import dev.descent.optim.Sgd;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A task that fails is retried by Spark (local[2,2]: maxFailures 2) and the run ends where an undisturbed one does. */
class SparkTrainerFaultTest {
    /** Executors run in this JVM in local mode, so the hook's count is visible here. */
    private static final AtomicInteger INJECTED = new AtomicInteger();

    @Test
    void retriedTaskChangesNothing() {
        ModelGraph graph = Fixtures.regressionMlp();
        Map<String, INDArray> undisturbed = train(graph, null);
        INJECTED.set(0);
        Map<String, INDArray> retried = train(graph, (step, partition, attempt) -> {
            if (step == 3 && partition == 1 && attempt == 0) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure of step 3, partition 1, first attempt");
            }
        });
        assertEquals(1, INJECTED.get(), "the failure was injected once and its retry succeeded");
        // only the order in which task results arrive may differ: sums are double, so float results agree
        Fixtures.assertParamsClose(undisturbed, retried, 1e-6);
    }

    private static Map<String, INDArray> train(ModelGraph graph, TaskHook hook) {
        SparkTrainer.Builder b = SparkTrainer.builder(graph, Fixtures.regressionRdd())
                .optimizer(Sgd.builder().lr(0.1).momentum(0.9).build())
                .batching(Batching.miniBatch(16).seed(1))
                .steps(8);
        if (hook != null) {
            b.taskHook(hook);
        }
        try (SparkTrainer t = b.build()) {
            t.fit();
            assertEquals(8, t.steps());
            Map<String, INDArray> out = new HashMap<>();
            t.parameters().forEach((k, v) -> out.put(k, v.dup()));
            return out;
        }
    }
}

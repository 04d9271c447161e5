package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.data.Batching;
import dev.descent.graph.ModelGraph;
import dev.descent.optim.Sgd;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A task that fails is retried by Spark (local[2,2]: maxFailures 2) and the run ends with the bits of an undisturbed one. */
class SparkTrainerFaultTest {
    /** Executors run in this JVM in local mode, so the hook's count is visible here. */
    private static final AtomicInteger INJECTED = new AtomicInteger();

    @Test
    void retriedTaskChangesNothing() {
        ModelGraph graph = Fixtures.regressionMlp();
        Fixtures.Run undisturbed = train(graph, null);
        INJECTED.set(0);
        Fixtures.Run retried = train(graph, (step, partition, attempt) -> {
            if (step == 3 && partition == 1 && attempt == 0) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure of step 3, partition 1, first attempt");
            }
        });
        assertEquals(1, INJECTED.get(), "the failure was injected once and its retry succeeded");
        // the retry recomputes the same sums, added in partition order: the same bits
        Fixtures.assertBitIdentical(undisturbed, retried);
    }

    private static Fixtures.Run train(ModelGraph graph, TaskHook hook) {
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
            return Fixtures.Run.of(t);
        }
    }
}

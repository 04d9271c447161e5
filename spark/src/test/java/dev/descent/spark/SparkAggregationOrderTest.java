package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Batching;
import dev.descent.optim.Sgd;
import dev.descent.spark.Fixtures.Run;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * Partition sums are added in partition order, whatever order their tasks finish in, with and without
 * an executor-side level of group sums (eight partitions at depth 2: three groups), so a run is
 * reproducible to the bit however Spark schedules it.
 */
class SparkAggregationOrderTest {
    private static final int PARTITIONS = 8;
    private static final int STEPS = 8;
    /** (step, partition) of each step task, in the order the tasks finished; local mode runs them in this JVM. */
    private static final ConcurrentLinkedQueue<long[]> FINISHED = new ConcurrentLinkedQueue<>();

    /** Values whose double sum depends on the order of the additions (1e16 swallows a 1 added to it alone). */
    private static final double[] ORDER_SENSITIVE = {1e16, 1.0, -1e16, 1.0, 0.1, 1e16, 0.7, -1e16};

    /**
     * The sums themselves: order-sensitive partition values, partition 0 finishing last, added exactly
     * as a left fold in partition order (depth 1), or per group of three and then the groups (depth 2).
     */
    @Test
    void sumsFollowPartitionOrderWhateverTheFinishOrder() {
        assertTrue(leftFold(0, PARTITIONS) != leftFoldReversed(), "the values are not order-sensitive");
        for (int depth : new int[] {1, 2}) {
            FINISHED.clear();
            JavaPairRDD<Integer, Contribution> parts = Fixtures.sc().parallelize(List.of(0, 1, 2, 3, 4, 5, 6, 7), PARTITIONS)
                    .mapPartitionsToPair(it -> {
                        int p = TaskContext.getPartitionId();
                        TaskContext.get().addTaskCompletionListener(ctx -> {
                            FINISHED.add(new long[] {0, p});
                        });
                        if (p == 0) {
                            sleep(300);
                        }
                        Contribution c = Contribution.empty();
                        c.gradSums = new double[][] {{ORDER_SENSITIVE[p], -ORDER_SENSITIVE[p]}};
                        c.lossSum = ORDER_SENSITIVE[p];
                        c.count = 1;
                        return List.of(new Tuple2<>(p, c)).iterator();
                    });
            Contribution sum = OrderedSum.of(parts, PARTITIONS, depth);
            assertTrue(zeroFinishedLastSomewhere(), "partition 0 did not finish last: " + finishOrders());
            double expected = depth == 1 ? leftFold(0, PARTITIONS)
                    : leftFold(0, 3) + leftFold(3, 6) + leftFold(6, 8); // scale ceil(sqrt(8)) = 3: groups 0-2, 3-5, 6-7
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(sum.lossSum), "depth " + depth);
            assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(sum.gradSums[0][0]));
            assertEquals(Double.doubleToLongBits(-expected), Double.doubleToLongBits(sum.gradSums[0][1]));
            assertEquals(PARTITIONS, sum.count);
        }
    }

    private static double leftFold(int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += ORDER_SENSITIVE[i];
        }
        return s;
    }

    private static double leftFoldReversed() {
        double s = 0;
        for (int i = PARTITIONS - 1; i >= 0; i--) {
            s += ORDER_SENSITIVE[i];
        }
        return s;
    }

    /**
     * End to end: training whose partition 0 finishes last every other step ends with the bits of an
     * undisturbed run. (With sums of a few partitions in double, float gradients times integer counts
     * add exactly in any order, so this alone would not catch an order-dependent sum: the test above does.)
     */
    @Test
    void completionOrderChangesNoBit() {
        for (int depth : new int[] {1, 2}) {
            Run undisturbed = train(depth, null);
            FINISHED.clear();
            Run reordered = train(depth, (step, partition, attempt) -> {
                TaskContext.get().addTaskCompletionListener(ctx -> {
                    FINISHED.add(new long[] {step, partition});
                });
                // on even steps partition 0 waits while the other task slot runs partitions 1..7: it finishes last
                if (step % 2 == 0 && partition == 0) {
                    sleep(300);
                }
            });
            assertTrue(zeroFinishedLastSomewhere(), "partition 0 finished last in no step: " + finishOrders());
            Fixtures.assertBitIdentical(undisturbed, reordered);
        }
    }

    private static Run train(int depth, TaskHook hook) {
        SparkTrainer.Builder b = SparkTrainer.builder(Fixtures.regressionMlp(), Fixtures.sc().parallelize(Fixtures.regressionSamples(),
                        PARTITIONS))
                .optimizer(Sgd.builder().lr(0.1).momentum(0.9).build())
                .batching(Batching.fullBatch())
                .aggregationDepth(depth)
                .steps(STEPS);
        if (hook != null) {
            b.taskHook(hook);
        }
        try (SparkTrainer t = b.build()) {
            t.fit();
            assertEquals(PARTITIONS, t.partitions());
            return Run.of(t);
        }
    }

    private static Map<Long, List<Long>> finishOrders() {
        Map<Long, List<Long>> byStep = new TreeMap<>();
        for (long[] f : FINISHED) {
            byStep.computeIfAbsent(f[0], k -> new ArrayList<>()).add(f[1]);
        }
        return byStep;
    }

    private static boolean zeroFinishedLastSomewhere() {
        return finishOrders().values().stream().anyMatch(order -> order.size() == PARTITIONS && order.get(PARTITIONS - 1) == 0L);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Batching;
import dev.descent.optim.Sgd;
import dev.descent.schedule.LrSchedule;
import dev.descent.schedule.LrSchedules;
import dev.descent.spark.Fixtures.Run;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.util.CollectionAccumulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on real executor JVMs: Spark's {@code local-cluster[2,1,1024]} (a standalone master and two
 * workers in this JVM, each executor a child JVM). The same run, four partitions over both
 * executors, ends with the same parameters and losses, to the bit, as in one JVM ({@code local[2]});
 * so does a run that loses an executor mid-way (a {@code kill -9} of the child JVM after a given step)
 * and a run whose driver dies and is restarted, on a new cluster, from its last checkpoint.
 */
@Tag("cluster")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SparkClusterTest {
    private static final int PARTITIONS = 4;
    private static final int STEPS = 20;
    private static final int KILL_AFTER_STEP = 6;

    /** The single-JVM run every cluster run must equal. */
    private static Run oneJvm;
    private static JavaSparkContext cluster;

    @TempDir
    Path dir;

    private static SparkTrainer.Builder run(JavaSparkContext sc) {
        return SparkTrainer.builder(Fixtures.regressionMlp(), sc.parallelize(Fixtures.regressionSamples(), PARTITIONS))
                .optimizer(Sgd.builder().lr(0.05).momentum(0.9).build())
                .schedule(LrSchedules.step(2, 0.7, LrSchedule.Unit.EPOCH))
                .batching(Batching.miniBatch(8).seed(7))
                .steps(STEPS);
    }

    @BeforeAll
    static void trainInOneJvmThenStartTheCluster() {
        oneJvm = LocalCluster.inOneJvm(sc -> {
            try (SparkTrainer t = run(sc).build()) {
                t.fit();
                return Run.of(t);
            }
        });
        cluster = LocalCluster.start("descent-cluster-test", Map.of());
    }

    @AfterAll
    static void stopTheCluster() {
        if (cluster != null) {
            LocalCluster.stop(cluster);
        }
        assertEquals(List.of(), LocalCluster.executorProcesses(), "executor JVMs left behind");
    }

    @Test
    void twoExecutorJvmsTrainToTheBitOfOneJvm() {
        assertEquals(LocalCluster.EXECUTORS, LocalCluster.executorProcesses().size(), "executor JVMs");
        CollectionAccumulator<String> ranOn = cluster.sc().collectionAccumulator("partition@executor");
        try (SparkTrainer t = run(cluster).taskHook((step, partition, attempt) ->
                ranOn.add(partition + "@" + SparkEnv.get().executorId())).build()) {
            t.fit();
            Set<String> executors = new HashSet<>();
            Set<String> partitions = new HashSet<>();
            for (String s : ranOn.value()) {
                partitions.add(s.substring(0, s.indexOf('@')));
                executors.add(s.substring(s.indexOf('@') + 1));
            }
            assertEquals(PARTITIONS, partitions.size(), "partitions that ran");
            assertEquals(LocalCluster.EXECUTORS, executors.size(), "executors that ran them: " + executors);
            assertFalse(executors.contains("driver"), "a task ran in the driver");
            Fixtures.assertBitIdentical(oneJvm, Run.of(t));
        }
    }

    @Test
    void anExecutorKilledMidRunChangesNothing() throws InterruptedException {
        AtomicInteger removed = new AtomicInteger();
        cluster.sc().addSparkListener(new SparkListener() {
            @Override
            public void onExecutorRemoved(SparkListenerExecutorRemoved e) {
                removed.incrementAndGet();
            }
        });
        long[] killed = {-1};
        String[] killedId = {null};
        CollectionAccumulator<String> ranOn = cluster.sc().collectionAccumulator("step:partition@executor");
        // after step 6 of 20 (steps count from 0), kill -9 one executor JVM; its cached partitions are lost
        try (SparkTrainer t = run(cluster).taskHook((step, partition, attempt) ->
                ranOn.add(step + ":" + partition + "@" + SparkEnv.get().executorId())).onStep(r -> {
            if (r.step() == KILL_AFTER_STEP) {
                List<ProcessHandle> executors = LocalCluster.executorProcesses();
                assertEquals(LocalCluster.EXECUTORS, executors.size(), "executor JVMs before the kill");
                killed[0] = executors.get(0).pid();
                killedId[0] = LocalCluster.executorId(executors.get(0));
                LocalCluster.kill(executors.get(0));
            }
        }).build()) {
            t.fit();
            assertEquals(STEPS, t.steps());
            assertTrue(killed[0] > 0, "no executor was killed");
            Fixtures.assertBitIdentical(oneJvm, Run.of(t));
        }
        // the killed executor held partitions until the kill; after it, they were computed elsewhere
        Set<String> heldByKilled = new HashSet<>();
        Set<String> afterwards = new HashSet<>();
        for (String s : ranOn.value()) {
            long step = Long.parseLong(s.substring(0, s.indexOf(':')));
            String partition = s.substring(s.indexOf(':') + 1, s.indexOf('@'));
            String executor = s.substring(s.indexOf('@') + 1);
            if (step <= KILL_AFTER_STEP && executor.equals(killedId[0])) {
                heldByKilled.add(partition);
            }
            if (step > KILL_AFTER_STEP) {
                assertFalse(executor.equals(killedId[0]), "a task ran on the killed executor after the kill: " + s);
                afterwards.add(partition);
            }
        }
        assertFalse(heldByKilled.isEmpty(), "the killed executor ran no partition: " + ranOn.value());
        assertTrue(afterwards.containsAll(heldByKilled), "partitions " + heldByKilled + " did not run again after the kill");
        // the driver saw the executor go (listener events arrive asynchronously), and the master starts a new one
        LocalCluster.awaitExecutors(cluster);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (removed.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(removed.get() >= 1, "the driver did not see an executor removed");
        assertFalse(LocalCluster.executorProcesses().stream().anyMatch(p -> p.pid() == killed[0]));
    }

    @Test
    void aRestartedDriverResumesFromItsCheckpointToTheSameParameters() {
        String checkpoint = dir.resolve("run.ckpt").toUri().toString();
        // the first driver dies during step 11; its last checkpoint is of step 8
        try (SparkTrainer first = run(cluster).checkpointEvery(4, checkpoint).onStep(r -> {
            if (r.step() == 10) {
                throw new IllegalStateException("driver killed");
            }
        }).build()) {
            assertFalse(first.restoreIfPresent(checkpoint));
            assertThrows(IllegalStateException.class, first::fit);
        }
        // with it go its application and executors; a new driver starts a new application
        LocalCluster.stop(cluster);
        cluster = null;
        cluster = LocalCluster.start("descent-cluster-test-restarted", Map.of());
        try (SparkTrainer resumed = run(cluster).checkpointEvery(4, checkpoint).build()) {
            assertTrue(resumed.restoreIfPresent(checkpoint));
            assertEquals(8, resumed.steps());
            resumed.fit();
            assertEquals(STEPS, resumed.steps());
            Run r = Run.of(resumed);
            assertEquals(oneJvm.parameters().keySet(), r.parameters().keySet());
            // parameters to the bit; the resumed history holds steps 8..19
            Fixtures.assertBitIdentical(new Run(oneJvm.parameters(), Arrays.copyOfRange(oneJvm.losses(), 8, STEPS)), r);
        }
    }
}

package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Batching;
import dev.descent.optim.Sgd;
import dev.descent.spark.Fixtures.Run;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Kryo as production clusters configure it ({@code spark.kryo.registrationRequired=true}, Descent's
 * registrator named in {@code spark.kryo.registrator}) on two executor JVMs: samples, the step's
 * broadcast and the partition sums cross JVMs through Kryo, and the run ends with the bits of a
 * Java-serialized run in one JVM.
 */
@Tag("cluster")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SparkKryoClusterTest {

    private static Run train(JavaSparkContext sc) {
        try (SparkTrainer t = SparkTrainer.builder(Fixtures.regressionMlp(), sc.parallelize(Fixtures.regressionSamples(), 4))
                .optimizer(Sgd.builder().lr(0.05).momentum(0.9).build())
                .batching(Batching.miniBatch(12).seed(5))
                .steps(12)
                .build()) {
            t.fit();
            return Run.of(t);
        }
    }

    @Test
    void kryoWithRegistrationRequiredTrainsAcrossJvmsToTheBitsOfJavaSerialization() {
        Run oneJvm = LocalCluster.inOneJvm(SparkKryoClusterTest::train);
        JavaSparkContext cluster = LocalCluster.start("descent-kryo-cluster-test", Map.of(
                "spark.serializer", "org.apache.spark.serializer.KryoSerializer",
                "spark.kryo.registrationRequired", "true",
                "spark.kryo.registrator", DescentKryoRegistrator.class.getName()));
        try {
            assertTrue(cluster.getConf().get("spark.serializer").contains("Kryo"));
            Fixtures.assertBitIdentical(oneJvm, train(cluster));
        } finally {
            LocalCluster.stop(cluster);
        }
        assertEquals(List.of(), LocalCluster.executorProcesses(), "executor JVMs left behind");
    }
}

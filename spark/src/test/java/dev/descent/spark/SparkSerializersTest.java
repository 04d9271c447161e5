package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Batching;
import dev.descent.optim.Sgd;
import dev.descent.spark.Fixtures.Run;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Training works, to the same bits, with the serializers users configure: Java serialization (Spark's
 * default) and Kryo, with and without {@code spark.kryo.registrationRequired}. Each run puts every
 * serialized class through the serializer: samples (parallelize), the columnar blocks (cached
 * serialized), the step's broadcast, partition sums (task results and a shuffle level, eight
 * partitions at depth 2). Kryo requiring registration without Descent's registrator is refused
 * before the first job, with the fix. ({@code SparkKryoClusterTest} runs Kryo across JVMs.)
 */
class SparkSerializersTest {
    private static final String KRYO = "org.apache.spark.serializer.KryoSerializer";

    @BeforeAll
    static void stopTheSharedContext() {
        Fixtures.stopShared(); // a JVM runs one SparkContext at a time; the next test that needs it starts it again
    }

    @Test
    void javaAndKryoTrainToTheSameBits() {
        Run java = withContext(Map.of(), SparkSerializersTest::train);
        Run kryo = withContext(Map.of("spark.serializer", KRYO), SparkSerializersTest::train);
        Run kryoRegistered = withContext(Map.of("spark.serializer", KRYO, "spark.kryo.registrationRequired", "true",
                "spark.kryo.registrator", DescentKryoRegistrator.class.getName()), SparkSerializersTest::train);
        Fixtures.assertBitIdentical(java, kryo);
        Fixtures.assertBitIdentical(java, kryoRegistered);
    }

    @Test
    void kryoRequiringRegistrationNeedsDescentsRegistrator() {
        IllegalArgumentException e = withContext(Map.of("spark.serializer", KRYO, "spark.kryo.registrationRequired", "true"),
                sc -> assertThrows(IllegalArgumentException.class, () -> builder(sc).build()));
        assertTrue(e.getMessage().contains("spark.kryo.registrator=dev.descent.spark.DescentKryoRegistrator")
                && e.getMessage().contains("dev.descent.spark.Sample"), e.getMessage());
    }

    private static SparkTrainer.Builder builder(JavaSparkContext sc) {
        return SparkTrainer.builder(Fixtures.regressionMlp(), sc.parallelize(Fixtures.regressionSamples(), 8))
                .optimizer(Sgd.builder().lr(0.05).momentum(0.9).build())
                .batching(Batching.miniBatch(16).seed(3))
                .aggregationDepth(2)
                .storageLevel(StorageLevel.MEMORY_ONLY_SER())
                .steps(10);
    }

    private static Run train(JavaSparkContext sc) {
        try (SparkTrainer t = builder(sc).build()) {
            t.fit();
            return Run.of(t);
        }
    }

    private static <T> T withContext(Map<String, String> settings, Function<JavaSparkContext, T> body) {
        SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("descent-serializers")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1");
        settings.forEach(conf::set);
        JavaSparkContext sc = new JavaSparkContext(conf);
        try {
            return body.apply(sc);
        } finally {
            sc.stop();
        }
    }
}

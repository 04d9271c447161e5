package dev.descent.spark;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.dsl.Model;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.nn.Activation;
import dev.descent.dsl.nn.Sequential;
import dev.descent.graph.ModelGraph;
import dev.descent.optim.Sgd;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToDoubleFunction;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The measurements of docs/spark.md (not a test: its name does not end in Test, so {@code mvn verify}
 * skips it). Run it alone, on a quiet machine:
 *
 * <pre>
 *   mvn -B -o test -pl core,dsl,spark -Dtest=SparkClusterBench -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 *
 * The same training job (an MLP 32-64-64-1 on 16,384 samples, mini-batches of 1,024 and full
 * batches) in one JVM without Spark, with Spark in one JVM ({@code local[2]}, 2 partitions), then on
 * the 2-executor local cluster over 1, 2 and 4 partitions; and a 10M-parameter model on a few
 * samples, where a step is mostly the driver's and the wire's. Writes {@code target/spark-bench.md}.
 */
@Tag("cluster")
class SparkClusterBench {
    private static final int N = 16_384;
    private static final int D = 32;
    private static final int WARM_UP = 5;
    private static final int MEASURED = 30;

    private final List<String> rows = new ArrayList<>();

    private static ModelGraph mlp() {
        try (Model m = Model.of(Sequential.of(s -> s.input(D).seed(1).dense(64, Activation.tanh()).dense(64, Activation.tanh())
                .dense(1)), Loss.mse())) {
            return m.graph();
        }
    }

    private static float[][] data(int n, int d, long seed) {
        Random r = new Random(seed);
        float[][] x = new float[n][d];
        for (float[] row : x) {
            for (int j = 0; j < d; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return x;
    }

    private static List<Sample> samples(float[][] x) {
        List<Sample> list = new ArrayList<>(x.length);
        for (float[] row : x) {
            double y = 0;
            for (int j = 0; j < row.length; j++) {
                y += Math.sin(row[j] * (j + 1) * 0.1);
            }
            list.add(Sample.of(row, new float[] {(float) y}));
        }
        return list;
    }

    @Test
    void measure() throws IOException {
        float[][] x = data(N, D, 3);
        List<Sample> samples = samples(x);
        for (Batching batching : List.of(Batching.miniBatch(1024).seed(1), Batching.fullBatch())) {
            oneJvm("MLP", mlp(), samples, batching, 0.01);
        }
        oneJvm("10M parameters", tenMillion(), samples(data(64, 1000, 5)), Batching.miniBatch(16).seed(1), 1e-5);
        LocalCluster.inOneJvm(sc -> {
            emptyJob(sc, "Spark local[2], one JVM");
            for (Batching batching : List.of(Batching.miniBatch(1024).seed(1), Batching.fullBatch())) {
                spark(sc, "MLP", "Spark local[2], one JVM", samples, batching, 2, mlp());
            }
            return null;
        });
        JavaSparkContext cluster = LocalCluster.start("descent-bench", Map.of());
        try {
            emptyJob(cluster, "local-cluster[2,1,1024]");
            for (Batching batching : List.of(Batching.miniBatch(1024).seed(1), Batching.fullBatch())) {
                for (int partitions : new int[] {1, 2, 4}) {
                    spark(cluster, "MLP", "local-cluster[2,1,1024]", samples, batching, partitions, mlp());
                }
            }
            driverShareAt10M(cluster, "local-cluster[2,1,1024]");
        } finally {
            LocalCluster.stop(cluster);
        }
        String table = "| job | where | partitions | steps/s | ms/step | broadcast | compute | aggregate | update |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|\n" + String.join("\n", rows) + "\n";
        System.out.println(table);
        Files.writeString(Path.of("target/spark-bench.md"), table);
    }

    /** The plain local Trainer: no Spark at all. */
    private void oneJvm(String job, ModelGraph graph, List<Sample> samples, Batching batching, double lr) {
        float[][] xs = new float[samples.size()][];
        float[][] ys = new float[samples.size()][];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = samples.get(i).features();
            ys[i] = samples.get(i).target();
        }
        Dataset data = Dataset.of("x", Nd4j.createFromArray(xs), "y", Nd4j.createFromArray(ys));
        List<Long> ends = new ArrayList<>();
        try (CompiledModel m = GraphCompiler.compile(graph)) {
            Trainer t = Trainer.create(m, TrainingPlan.builder().optimizer(Sgd.builder().lr(lr).momentum(0.9).build())
                    .batching(batching).steps(WARM_UP + MEASURED).onStep(r -> ends.add(System.nanoTime())).build());
            t.fit(data);
        }
        double ms = (ends.get(ends.size() - 1) - ends.get(WARM_UP - 1)) / 1e6 / MEASURED;
        add(String.format(Locale.ROOT, "| %s, %s | one JVM, no Spark | - | %.1f | %.1f | - | - | - | - |",
                job, batching.describe(), 1000 / ms, ms));
    }

    private void spark(JavaSparkContext sc, String job, String where, List<Sample> samples, Batching batching, int partitions,
            ModelGraph graph) {
        double lr = job.startsWith("10M") ? 1e-5 : 0.01;
        try (SparkTrainer t = SparkTrainer.builder(graph, sc.parallelize(samples, partitions))
                .optimizer(Sgd.builder().lr(lr).momentum(0.9).build())
                .batching(batching).steps(WARM_UP + MEASURED).build()) {
            t.fit();
            List<SparkStepRecord> r = t.sparkSteps().subList(WARM_UP, WARM_UP + MEASURED);
            double ms = mean(r, SparkStepRecord::totalMillis);
            add(String.format(Locale.ROOT, "| %s, %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f |",
                    job, batching.describe(), where, partitions,
                    1000 / ms, ms, mean(r, SparkStepRecord::broadcastMillis), mean(r, SparkStepRecord::computeMillis),
                    mean(r, SparkStepRecord::aggregateMillis), mean(r, SparkStepRecord::updateMillis)));
        }
    }

    /** What Spark alone costs per step here: a job of 4 trivial tasks on cached data, with a broadcast. */
    private void emptyJob(JavaSparkContext sc, String where) {
        org.apache.spark.api.java.JavaRDD<Integer> rdd = sc.parallelize(List.of(1, 2, 3, 4), 4).cache();
        rdd.count();
        long t0 = 0;
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            if (i == WARM_UP) {
                t0 = System.nanoTime();
            }
            org.apache.spark.broadcast.Broadcast<float[]> b = sc.broadcast(new float[] {i});
            rdd.map(v -> v + b.value()[0]).collect();
            b.destroy();
        }
        double ms = (System.nanoTime() - t0) / 1e6 / MEASURED;
        rdd.unpersist();
        add(String.format(Locale.ROOT, "| empty job (4 tasks, a broadcast) | %s | 4 | %.1f | %.1f | - | - | - | - |", where,
                1000 / ms, ms));
    }

    /** 1,000 inputs -> 10,000 -> 1: 10.02M parameters. */
    private static ModelGraph tenMillion() {
        try (Model m = Model.of(Sequential.of(s -> s.input(1000).seed(1).dense(10_000, Activation.tanh()).dense(1)), Loss.mse())) {
            return m.graph();
        }
    }

    /** The 10M-parameter model on a few samples, so that the step is the driver's and the wire's. */
    private void driverShareAt10M(JavaSparkContext sc, String where) {
        spark(sc, "10M parameters", where, samples(data(64, 1000, 5)), Batching.miniBatch(16).seed(1), 2, tenMillion());
    }

    private void add(String row) {
        System.out.println("BENCH " + row);
        rows.add(row);
    }

    private static double mean(List<SparkStepRecord> r, ToDoubleFunction<SparkStepRecord> f) {
        return r.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}

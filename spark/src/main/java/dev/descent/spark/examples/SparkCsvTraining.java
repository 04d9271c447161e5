package dev.descent.spark.examples;

import dev.descent.data.Batching;
import dev.descent.dsl.Model;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.nn.Sequential;
import dev.descent.graph.ModelGraph;
import dev.descent.optim.Sgd;
import dev.descent.schedule.LrSchedule;
import dev.descent.schedule.LrSchedules;
import dev.descent.spark.Sample;
import dev.descent.spark.Samples;
import dev.descent.spark.SparkStepRecord;
import dev.descent.spark.SparkTrainer;
import dev.descent.train.EpochRecord;
import dev.descent.train.History;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Linear regression on a CSV file through Spark: the last column is the target, the others are
 * features (a header row names them). Mini-batches of 32 with SGD and momentum, a step decay of the
 * learning rate per epoch, checkpoints every 50 steps when a checkpoint path is given (and a resume
 * from it when the driver is restarted).
 *
 * <pre>
 *   # local mode, on a generated file (Java 17 needs Spark's --add-opens flags, see the README):
 *   java [flags] -cp ... dev.descent.spark.examples.SparkCsvTraining
 *   # a cluster:
 *   spark-submit --class dev.descent.spark.examples.SparkCsvTraining app.jar hdfs:///data/points.csv 20 hdfs:///runs/points.ckpt
 * </pre>
 *
 * Arguments: {@code [csv [epochs [checkpoint]]]}; without a CSV file it writes 2,000 points of
 * {@code y = 3 x1 - 2 x2 + 0.5 + noise} to a temporary file. The master comes from
 * {@code spark-submit} (or {@code -Dspark.master=...}); {@code local[2]} otherwise.
 */
public final class SparkCsvTraining {

    /** What a run learned. */
    public record Result(History history, Map<String, float[]> parameters, List<SparkStepRecord> steps) {
        /** Mean of one timing over the steps (e.g. {@code SparkStepRecord::computeMillis}). */
        public double mean(java.util.function.ToDoubleFunction<SparkStepRecord> timing) {
            return steps.stream().mapToDouble(timing).average().orElse(Double.NaN);
        }
    }

    private SparkCsvTraining() {
    }

    public static void main(String[] args) {
        String csv = args.length > 0 ? args[0] : writeExample(Path.of(System.getProperty("java.io.tmpdir"), "descent-points.csv"), 2000, 1);
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String checkpoint = args.length > 2 ? args[2] : null;
        SparkSession spark = SparkSession.builder().appName("descent-csv-training")
                .master(System.getProperty("spark.master", "local[2]")).getOrCreate();
        try {
            Result r = run(spark, csv, epochs, checkpoint);
            // a resumed run's history starts at the checkpoint, so print the epochs' own numbers
            for (EpochRecord e : r.history().epochs()) {
                System.out.printf(Locale.ROOT, "epoch %2d  mean loss %.6f%n", e.epoch(), e.meanLoss());
            }
            r.parameters().forEach((k, v) -> System.out.println(k + " = " + Arrays.toString(v)));
            System.out.printf(Locale.ROOT, "%d steps, %.1f ms per step: broadcast %.1f, compute %.1f, aggregate %.1f, "
                    + "update %.1f%n", r.history().steps().size(), r.mean(SparkStepRecord::totalMillis),
                    r.mean(SparkStepRecord::broadcastMillis), r.mean(SparkStepRecord::computeMillis),
                    r.mean(SparkStepRecord::aggregateMillis), r.mean(SparkStepRecord::updateMillis));
        } finally {
            spark.stop();
        }
    }

    /** Reads {@code csv} with Spark's CSV reader and trains; {@code checkpoint} may be null. */
    public static Result run(SparkSession spark, String csv, int epochs, @Nullable String checkpoint) {
        Dataset<Row> df = spark.read().option("header", true).option("inferSchema", true).csv(csv);
        List<String> columns = List.of(df.columns());
        List<String> features = columns.subList(0, columns.size() - 1);
        JavaRDD<Sample> samples = Samples.fromRows(df, features, columns.get(columns.size() - 1));

        ModelGraph graph;
        try (Model m = Model.of(Sequential.of(s -> s.input(features.size()).seed(1).dense(1)), Loss.mse())) {
            graph = m.graph();
        }
        SparkTrainer.Builder b = SparkTrainer.builder(graph, samples)
                .optimizer(Sgd.builder().lr(0.05).momentum(0.9).build())
                .schedule(LrSchedules.step(5, 0.5, LrSchedule.Unit.EPOCH))
                .batching(Batching.miniBatch(32).seed(7))
                .epochs(epochs);
        if (checkpoint != null) {
            b.checkpointEvery(50, checkpoint);
        }
        try (SparkTrainer trainer = b.build()) {
            if (checkpoint != null) {
                trainer.restoreIfPresent(checkpoint);
            }
            History h = trainer.fit();
            Map<String, float[]> params = new java.util.LinkedHashMap<>();
            for (Map.Entry<String, INDArray> e : trainer.parameters().entrySet()) {
                params.put(e.getKey(), e.getValue().dup().data().asFloat());
            }
            return new Result(h, params, List.copyOf(trainer.sparkSteps()));
        }
    }

    /** Writes {@code n} points of {@code y = 3 x1 - 2 x2 + 0.5 + N(0, 0.1²)} with a header; returns the path as a string. */
    public static String writeExample(Path path, int n, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < n; i++) {
            double x1 = r.nextGaussian();
            double x2 = r.nextGaussian();
            double y = 3 * x1 - 2 * x2 + 0.5 + 0.1 * r.nextGaussian();
            sb.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f%n", x1, x2, y));
        }
        try {
            Files.writeString(path, sb);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the example data to " + path, e);
        }
        return path.toString();
    }
}

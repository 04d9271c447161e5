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
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.apache.hadoop.fs.FileSystem;
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
 *   # local mode, on generated data (Java 17 needs Spark's --add-opens flags, see the README):
 *   java [flags] -cp ... dev.descent.spark.examples.SparkCsvTraining
 *   # a cluster: the input and the checkpoint on a file system every executor and the driver see
 *   spark-submit --class dev.descent.spark.examples.SparkCsvTraining app.jar hdfs:///data/points.csv 20 hdfs:///runs/points.ckpt
 * </pre>
 *
 * Arguments: {@code [input [epochs [checkpoint [partitions]]]]}. {@code input} is a Hadoop URI
 * ({@code hdfs://}, {@code s3a://}, or {@code file://} on a folder every host mounts); when nothing is
 * there yet, the example first writes 2,000 points of {@code y = 3 x1 - 2 x2 + 0.5 + noise} to it.
 * Without arguments, and only with a local master, it uses a file in the driver's temporary folder.
 * The samples are spread over {@code partitions} partitions, by default {@code spark.default.parallelism}
 * (Spark's default: every executor core of the application), keeping their order. The master comes
 * from {@code spark-submit} (or {@code -Dspark.master=...}); {@code local[2]} otherwise.
 */
public final class SparkCsvTraining {
    /** Points the example writes when its input does not exist yet. */
    public static final int GENERATED_POINTS = 2000;

    /** What a run learned. */
    public record Result(History history, Map<String, float[]> parameters, List<SparkStepRecord> steps, int partitions) {
        /** Mean of one timing over the steps (e.g. {@code SparkStepRecord::computeMillis}). */
        public double mean(java.util.function.ToDoubleFunction<SparkStepRecord> timing) {
            return steps.stream().mapToDouble(timing).average().orElse(Double.NaN);
        }
    }

    private SparkCsvTraining() {
    }

    public static void main(String[] args) {
        SparkSession spark = SparkSession.builder().appName("descent-csv-training")
                .master(System.getProperty("spark.master", "local[2]")).getOrCreate();
        try {
            String input;
            if (args.length > 0) {
                input = args[0];
            } else if (spark.sparkContext().isLocal()) {
                input = Path.of(System.getProperty("java.io.tmpdir"), "descent-points.csv").toUri().toString();
            } else {
                System.err.println("Usage: SparkCsvTraining <input URI> [epochs [checkpoint URI [partitions]]]\n"
                        + "On a cluster, give the input as a URI every executor can read (hdfs://, s3a://, or file:// on a "
                        + "shared mount); the example writes " + GENERATED_POINTS + " points there if nothing is there yet.");
                System.exit(2);
                return;
            }
            int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
            String checkpoint = args.length > 2 ? args[2] : null;
            int partitions = args.length > 3 ? Integer.parseInt(args[3]) : spark.sparkContext().defaultParallelism();
            if (writeExampleIfAbsent(spark, input, GENERATED_POINTS, 1)) {
                System.out.println("wrote " + GENERATED_POINTS + " example points to " + input);
            }
            Result r = run(spark, input, epochs, checkpoint, partitions);
            // a resumed run's history starts at the checkpoint, so print the epochs' own numbers
            for (EpochRecord e : r.history().epochs()) {
                System.out.printf(Locale.ROOT, "epoch %2d  mean loss %.6f%n", e.epoch(), e.meanLoss());
            }
            r.parameters().forEach((k, v) -> System.out.println(k + " = " + Arrays.toString(v)));
            System.out.printf(Locale.ROOT, "%d steps on %d partitions, %.1f ms per step: broadcast %.1f, compute %.1f, "
                    + "aggregate %.1f, update %.1f%n", r.history().steps().size(), r.partitions(),
                    r.mean(SparkStepRecord::totalMillis), r.mean(SparkStepRecord::broadcastMillis),
                    r.mean(SparkStepRecord::computeMillis), r.mean(SparkStepRecord::aggregateMillis),
                    r.mean(SparkStepRecord::updateMillis));
        } finally {
            spark.stop();
        }
    }

    /** Trains on {@code spark.default.parallelism} partitions (see {@link #run(SparkSession, String, int, String, int)}). */
    public static Result run(SparkSession spark, String csv, int epochs, @Nullable String checkpoint) {
        return run(spark, csv, epochs, checkpoint, spark.sparkContext().defaultParallelism());
    }

    /**
     * Reads {@code csv} (any Hadoop URI) with Spark's CSV reader, spreads the samples over
     * {@code partitions} partitions in their order, and trains; {@code checkpoint} may be null.
     */
    public static Result run(SparkSession spark, String csv, int epochs, @Nullable String checkpoint, int partitions) {
        Dataset<Row> df = spark.read().option("header", true).option("inferSchema", true).csv(csv);
        List<String> columns = List.of(df.columns());
        List<String> features = columns.subList(0, columns.size() - 1);
        // a small file is read as one partition: spread it, so that every executor holds a share
        JavaRDD<Sample> samples = Samples.repartition(Samples.fromRows(df, features, columns.get(columns.size() - 1)),
                partitions);

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
            return new Result(h, params, List.copyOf(trainer.sparkSteps()), trainer.partitions());
        }
    }

    /** Writes {@code n} points of {@code y = 3 x1 - 2 x2 + 0.5 + N(0, 0.1²)} with a header; returns the path as a string. */
    public static String writeExample(Path path, int n, long seed) {
        try {
            Files.writeString(path, example(n, seed));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the example data to " + path, e);
        }
        return path.toString();
    }

    /**
     * Writes the example points to {@code uri} through Hadoop's FileSystem (the cluster's file systems)
     * unless something is there already; returns whether it wrote them.
     */
    public static boolean writeExampleIfAbsent(SparkSession spark, String uri, int n, long seed) {
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(uri);
        try {
            FileSystem fs = target.getFileSystem(spark.sparkContext().hadoopConfiguration());
            if (fs.exists(target)) {
                return false;
            }
            try (OutputStream out = fs.create(target, false)) {
                out.write(example(n, seed).getBytes(StandardCharsets.UTF_8));
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the example data to " + uri, e);
        }
    }

    private static String example(int n, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder("x1,x2,y\n");
        for (int i = 0; i < n; i++) {
            double x1 = r.nextGaussian();
            double x2 = r.nextGaussian();
            double y = 3 * x1 - 2 * x2 + 0.5 + 0.1 * r.nextGaussian();
            sb.append(String.format(Locale.ROOT, "%.5f,%.5f,%.5f%n", x1, x2, y));
        }
        return sb.toString();
    }
}

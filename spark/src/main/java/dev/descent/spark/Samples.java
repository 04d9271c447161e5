package dev.descent.spark;

import dev.descent.DescentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import scala.Tuple2;

/**
 * Turns DataFrames into RDDs of {@link Sample}: named numeric feature columns become the feature
 * array (in the order given), numeric target columns the target array. Row order and partitioning
 * are kept, so sample {@code i} is the DataFrame's {@code i}-th row.
 *
 * <pre>{@code
 * Dataset<Row> df = spark.read().option("header", true).option("inferSchema", true).csv("hdfs:///data/iris.csv");
 * JavaRDD<Sample> samples = Samples.fromRows(df, List.of("sepal_length", "sepal_width"), List.of("label"));
 * }</pre>
 */
public final class Samples {
    private Samples() {
    }

    /**
     * Samples whose features are {@code featureColumns} and whose target is {@code targetColumns}
     * (empty: no target), every value read as a float.
     *
     * @throws IllegalArgumentException if a column is missing (the message lists the columns there are)
     *     or no feature column is given
     * @throws DescentException (when the samples are computed) for a null or non-numeric value, naming
     *     the column and the row's content
     */
    public static JavaRDD<Sample> fromRows(Dataset<Row> rows, List<String> featureColumns, List<String> targetColumns) {
        Objects.requireNonNull(rows, "rows");
        if (featureColumns.isEmpty()) {
            throw new IllegalArgumentException("Invalid featureColumns: an empty list (a sample needs at least one feature); "
                    + "the DataFrame has columns " + List.of(rows.columns()));
        }
        List<String> all = new ArrayList<>(featureColumns);
        all.addAll(targetColumns);
        List<String> have = List.of(rows.columns());
        for (String c : all) {
            if (!have.contains(c)) {
                throw new IllegalArgumentException("Unknown column '" + c + "': the DataFrame has columns " + have
                        + ". Fix: use one of those names (CSV files read without a header name them _c0, _c1, ...).");
            }
        }
        Column[] cols = all.stream().map(functions::col).toArray(Column[]::new);
        return rows.select(cols).javaRDD().map(new ToSample(all.toArray(String[]::new), featureColumns.size()));
    }

    /** Samples whose target is the single column {@code targetColumn} (a value or a class index). */
    public static JavaRDD<Sample> fromRows(Dataset<Row> rows, List<String> featureColumns, String targetColumn) {
        return fromRows(rows, featureColumns, List.of(targetColumn));
    }

    /**
     * The same samples in {@code partitions} partitions of equal size (±1), in the same order: sample
     * {@code i} stays sample {@code i}, and partition {@code p} holds a contiguous range of them. Unlike
     * {@code JavaRDD.repartition}, which deals rows out round-robin from a random start, the result
     * numbers samples the same way however the input was read, so training on it is reproducible.
     * Runs two small jobs (count and numbering) and one shuffle; cache the input if it is costly to
     * compute.
     *
     * <pre>{@code
     * JavaRDD<Sample> spread = Samples.repartition(samples, sc.defaultParallelism());
     * }</pre>
     */
    public static JavaRDD<Sample> repartition(JavaRDD<Sample> samples, int partitions) {
        Objects.requireNonNull(samples, "samples");
        if (partitions < 1) {
            throw new IllegalArgumentException("Invalid partitions: " + partitions + " (must be >= 1)");
        }
        long count = samples.count();
        return samples.zipWithIndex().mapToPair(t -> new Tuple2<>(t._2(), t._1()))
                .repartitionAndSortWithinPartitions(new Ranges(partitions, count)).values();
    }

    /** Partition {@code p} of {@code n} gets the indices {@code [p * count / n, (p + 1) * count / n)}. */
    private static final class Ranges extends Partitioner {
        private static final long serialVersionUID = 1L;
        private final int partitions;
        private final long count;

        Ranges(int partitions, long count) {
            this.partitions = partitions;
            this.count = Math.max(count, 1);
        }

        @Override
        public int numPartitions() {
            return partitions;
        }

        @Override
        public int getPartition(Object key) {
            long index = (Long) key;
            if (count <= Long.MAX_VALUE / partitions) {
                return (int) (index * partitions / count);
            }
            return (int) Math.min(partitions - 1, (long) ((double) index / count * partitions)); // beyond 2^32 samples
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ranges r && r.partitions == partitions && r.count == count;
        }

        @Override
        public int hashCode() {
            return Long.hashCode(31L * partitions + count);
        }
    }

    private static final class ToSample implements Function<Row, Sample> {
        private static final long serialVersionUID = 1L;
        private final String[] names;
        private final int features;

        ToSample(String[] names, int features) {
            this.names = names;
            this.features = features;
        }

        @Override
        public Sample call(Row row) {
            float[] f = new float[features];
            float[] t = new float[names.length - features];
            for (int i = 0; i < names.length; i++) {
                Object v = row.get(i);
                if (!(v instanceof Number num)) {
                    throw new DescentException("Column '" + names[i] + "' holds " + (v == null ? "null" : "'" + v + "' ("
                            + v.getClass().getSimpleName() + ")") + " in row " + row + "; training needs numbers. Fix: "
                            + "drop or fill missing values (df.na()) and cast the column to a numeric type.");
                }
                if (i < features) {
                    f[i] = num.floatValue();
                } else {
                    t[i - features] = num.floatValue();
                }
            }
            return new Sample(f, t);
        }
    }
}

package dev.descent.spark;

import dev.descent.DescentException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import scala.Tuple2;

/**
 * The samples of one partition in columnar form: global indices {@code [start, start + size)} (the
 * partition's range from {@code zipWithIndex}, which numbers partitions in order), features and
 * targets as flat float arrays. Cached once; every step selects its rows by global index, so no
 * sample ever moves between executors.
 */
final class PartitionBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    final long start;
    final int size;
    final int featureLength;
    final int targetLength;
    final float[] features;
    final float[] targets;

    PartitionBlock(long start, int size, int featureLength, int targetLength, float[] features, float[] targets) {
        this.start = start;
        this.size = size;
        this.featureLength = featureLength;
        this.targetLength = targetLength;
        this.features = features;
        this.targets = targets;
    }

    /**
     * The local rows of the step's samples that live here, with repeats; {@code sortedIndices} null
     * means every sample.
     */
    int[] select(int @org.jspecify.annotations.Nullable [] sortedIndices) {
        if (sortedIndices == null) {
            int[] all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
            return all;
        }
        int from = lowerBound(sortedIndices, start);
        int to = lowerBound(sortedIndices, start + size);
        int[] rows = new int[to - from];
        for (int i = from; i < to; i++) {
            rows[i - from] = (int) (sortedIndices[i] - start);
        }
        return rows;
    }

    /** The features of {@code rows}, one after the other. */
    float[] gatherFeatures(int[] rows) {
        return gather(features, featureLength, rows);
    }

    /** The targets of {@code rows}, one after the other. */
    float[] gatherTargets(int[] rows) {
        return gather(targets, targetLength, rows);
    }

    private float[] gather(float[] source, int width, int[] rows) {
        if (rows.length == size && isIdentity(rows)) {
            return source;
        }
        float[] out = new float[rows.length * width];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(source, rows[i] * width, out, i * width, width);
        }
        return out;
    }

    private static boolean isIdentity(int[] rows) {
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] != i) {
                return false;
            }
        }
        return true;
    }

    /** First position in {@code sorted} holding a value >= {@code key}. */
    private static int lowerBound(int[] sorted, long key) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < key) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Builds one block per partition from {@code (sample, globalIndex)} pairs, checking every sample's sizes against {@code feeds}. */
    record Builder(Feeds feeds) implements FlatMapFunction<Iterator<Tuple2<Sample, Long>>, PartitionBlock> {
        private static final long serialVersionUID = 1L;

        @Override
        public Iterator<PartitionBlock> call(Iterator<Tuple2<Sample, Long>> rows) {
            int featureLength = feeds.featureLength();
            int targetLength = feeds.targetLength();
            float[] f = new float[16 * featureLength];
            float[] t = new float[16 * targetLength];
            long start = -1;
            int n = 0;
            while (rows.hasNext()) {
                Tuple2<Sample, Long> row = rows.next();
                Sample s = row._1();
                long index = row._2();
                if (start < 0) {
                    start = index;
                }
                if (index != start + n) {
                    throw new IllegalStateException("zipWithIndex gave partition indices out of order: " + index
                            + " after " + (start + n - 1));
                }
                check(s, index, featureLength, targetLength);
                if ((long) (n + 1) * Math.max(featureLength, targetLength) > Integer.MAX_VALUE - 8) {
                    throw new DescentException("A partition holds more than " + n + " samples of " + featureLength
                            + " features, over the 2^31 floats one block can hold. Fix: repartition into more partitions.");
                }
                if ((n + 1) * featureLength > f.length) {
                    f = Arrays.copyOf(f, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * f.length));
                }
                if ((n + 1) * targetLength > t.length) {
                    t = Arrays.copyOf(t, (int) Math.min(Integer.MAX_VALUE - 8L, 2L * t.length));
                }
                System.arraycopy(s.features(), 0, f, n * featureLength, featureLength);
                System.arraycopy(s.target(), 0, t, n * targetLength, targetLength);
                n++;
            }
            return List.of(new PartitionBlock(start, n, featureLength, targetLength, Arrays.copyOf(f, n * featureLength),
                    Arrays.copyOf(t, n * targetLength))).iterator();
        }

        private void check(Sample s, long index, int featureLength, int targetLength) {
            if (s.features().length != featureLength) {
                throw new DescentException("Sample " + index + " has " + s.features().length + " features but the model's input '"
                        + feeds.featureInput() + "' takes " + featureLength + " per sample. Fix: give every sample "
                        + featureLength + " features (flattened in C order).");
            }
            if (s.target().length != targetLength) {
                throw new DescentException("Sample " + index + " has a target of " + s.target().length
                        + " values but the model's " + (targetLength == 0 ? "loss takes no target"
                                : "target input '" + feeds.targetInput() + "' takes " + targetLength + " per sample")
                        + ". Fix: give every sample a target of " + targetLength + " values"
                        + (targetLength == 1 ? " (a class index is one value, see Sample.ofClass)" : "") + ".");
            }
        }
    }
}

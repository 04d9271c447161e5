package dev.descent.data;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Named arrays that share their first axis: sample {@code i} is row {@code i} of every array
 * (for example features {@code "x"} of shape {@code [N, d]} and labels {@code "y"} of shape {@code [N]}).
 * Immutable in structure; the arrays are not copied, so do not modify them while training.
 *
 * <pre>{@code
 * Dataset data = Dataset.of("x", features, "y", labels);
 * Split split = data.split(0.8, 42);   // seeded shuffle, 80% train
 * }</pre>
 */
public interface Dataset {

    /**
     * A dataset over {@code arrays}, kept in the map's iteration order.
     *
     * @throws IllegalArgumentException if the map is empty, an array is a scalar, the arrays disagree
     *     on the number of samples (the message lists every array's count) or there are no samples
     */
    static Dataset of(Map<String, INDArray> arrays) {
        return new ArrayDataset(arrays);
    }

    /** A dataset of two arrays, e.g. {@code Dataset.of("x", x, "y", y)}. */
    static Dataset of(String name1, INDArray array1, String name2, INDArray array2) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(name1, array1);
        if (m.containsKey(name2)) {
            throw new IllegalArgumentException("Duplicate array name \"" + name2 + "\" (array names must be distinct)");
        }
        m.put(name2, array2);
        return of(m);
    }

    /**
     * A file-backed dataset written by {@link DatasetFiles#importCsv} (or {@code ./descent data import}),
     * its files checked against their checksums; see {@link DatasetFiles#open}.
     */
    static Dataset open(java.nio.file.Path dir) {
        return DatasetFiles.open(dir);
    }

    /** Number of samples (the shared size of axis 0). */
    int size();

    /** The arrays by name: unmodifiable, in insertion order. */
    Map<String, INDArray> arrays();

    /**
     * The array called {@code name}.
     *
     * @throws IllegalArgumentException if there is none (the message lists the names there are)
     */
    INDArray array(String name);

    /**
     * The class names of class-index arrays, by array name (e.g. {@code "y"} of a CSV with string
     * labels); empty when no array has names. {@link #subset} and {@link #split} keep them.
     */
    Map<String, ClassLabels> classLabels();

    /**
     * This dataset (the same arrays) with {@code labels} as the class names of {@code array}.
     *
     * @throws IllegalArgumentException if there is no array {@code array}
     */
    Dataset withClassLabels(String array, ClassLabels labels);

    /**
     * The samples at {@code indices}, in that order (repeats allowed), as a dataset of new arrays.
     *
     * @throws IllegalArgumentException if {@code indices} is empty or an index is out of range
     */
    Dataset subset(int[] indices);

    /**
     * Splits the samples at random into {@code round(trainFraction * size())} training samples and
     * the rest for validation. The shuffle is a pure function of {@code seed} and {@link #size()}.
     *
     * @throws IllegalArgumentException if {@code trainFraction} is not strictly between 0 and 1 or a
     *     part would be empty
     */
    Split split(double trainFraction, long seed);
}

package dev.descent.data;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The {@link Dataset} implementation: a validated, unmodifiable map of arrays. */
final class ArrayDataset implements Dataset {

    private final Map<String, INDArray> arrays;
    private final Map<String, ClassLabels> classLabels;
    private final int size;

    ArrayDataset(Map<String, INDArray> arrays) {
        this(arrays, Map.of());
    }

    ArrayDataset(Map<String, INDArray> arrays, Map<String, ClassLabels> classLabels) {
        if (arrays.isEmpty()) {
            throw new IllegalArgumentException("A dataset needs at least one array (got an empty map; e.g. Dataset.of(\"x\", x, \"y\", y))");
        }
        Map<String, INDArray> copy = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            String name = e.getKey();
            INDArray a = e.getValue();
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("Array names must be non-empty (got " + (name == null ? "null" : "\"\"") + ")");
            }
            if (a == null) {
                throw new IllegalArgumentException("Array \"" + name + "\" is null");
            }
            if (a.rank() < 1) {
                throw new IllegalArgumentException("Array \"" + name + "\" is a scalar (rank 0); dataset arrays need the samples along axis 0, e.g. shape [N] or [N, d]");
            }
            copy.put(name, a);
        }
        long first = copy.values().iterator().next().size(0);
        boolean same = copy.values().stream().allMatch(a -> a.size(0) == first);
        if (!same) {
            String counts = copy.entrySet().stream()
                    .map(e -> "\"" + e.getKey() + "\" has " + e.getValue().size(0) + " (shape " + Arrays.toString(e.getValue().shape()) + ")")
                    .collect(Collectors.joining(", "));
            throw new IllegalArgumentException("Dataset arrays must have the same number of samples along axis 0, but "
                    + counts + "; check that features and labels come from the same rows");
        }
        if (first == 0) {
            throw new IllegalArgumentException("Dataset has no samples (axis 0 has size 0 in every array)");
        }
        if (first > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Dataset has " + first + " samples; at most " + Integer.MAX_VALUE + " are supported");
        }
        this.arrays = Collections.unmodifiableMap(copy);
        this.size = (int) first;
        for (String name : classLabels.keySet()) {
            if (!copy.containsKey(name)) {
                throw new IllegalArgumentException("Class labels for \"" + name + "\", but the dataset has no such array (it has "
                        + copy.keySet() + ")");
            }
        }
        this.classLabels = Collections.unmodifiableMap(new LinkedHashMap<>(classLabels));
    }

    @Override
    public Map<String, ClassLabels> classLabels() {
        return classLabels;
    }

    @Override
    public Dataset withClassLabels(String array, ClassLabels labels) {
        Map<String, ClassLabels> m = new LinkedHashMap<>(classLabels);
        m.put(array, labels);
        return new ArrayDataset(arrays, m);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Map<String, INDArray> arrays() {
        return arrays;
    }

    @Override
    public INDArray array(String name) {
        INDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("No array named \"" + name + "\" in this dataset (it has " + arrays.keySet() + ")");
        }
        return a;
    }

    @Override
    public Dataset subset(int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("subset indices must not be empty (a dataset needs at least one sample)");
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= size) {
                throw new IllegalArgumentException("subset index " + indices[i] + " at position " + i
                        + " is outside [0, " + size + ") for a dataset of " + size + " samples");
            }
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
            RowCopier copier = new RowCopier(e.getValue());
            RowCopier.Destination dest = copier.newDestination(indices.length);
            copier.copy(indices, dest);
            out.put(e.getKey(), dest.array());
        }
        return new ArrayDataset(out, classLabels);
    }

    @Override
    public Split split(double trainFraction, long seed) {
        if (!(trainFraction > 0.0 && trainFraction < 1.0)) {
            throw new IllegalArgumentException("Invalid trainFraction: " + trainFraction
                    + " (trainFraction must be strictly between 0 and 1, e.g. 0.8)");
        }
        long nTrain = Math.round(trainFraction * size);
        if (nTrain < 1 || nTrain >= size) {
            throw new IllegalArgumentException("trainFraction " + trainFraction + " of " + size + " samples gives "
                    + nTrain + " training and " + (size - nTrain) + " validation samples; both parts need at least one sample"
                    + " (use more data or a fraction nearer 0.5)");
        }
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        new Rng(seed).shuffle(order);
        return new Split(subset(Arrays.copyOfRange(order, 0, (int) nTrain)),
                subset(Arrays.copyOfRange(order, (int) nTrain, size)));
    }

    @Override
    public String toString() {
        return "Dataset[" + size + " samples: " + arrays.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().dataType() + Arrays.toString(e.getValue().shape()))
                .collect(Collectors.joining(", ")) + "]";
    }
}

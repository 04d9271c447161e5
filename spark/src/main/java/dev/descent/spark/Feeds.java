package dev.descent.spark;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns the selected rows of a block into the model's feed: features under the feature input's name
 * with shape {@code [rows, featureDims...]}, targets likewise (a class-index input takes shape
 * {@code [rows]}; the compiled model converts the float values to indices and checks them).
 */
record Feeds(String featureInput, long[] featureDims, @Nullable String targetInput, long[] targetDims)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    Map<String, INDArray> feed(PartitionBlock block, int[] rows) {
        Map<String, INDArray> feed = new HashMap<>();
        feed.put(featureInput, Nd4j.createFromArray(block.gatherFeatures(rows)).reshape(withBatch(rows.length, featureDims)));
        if (targetInput != null) {
            feed.put(targetInput, Nd4j.createFromArray(block.gatherTargets(rows)).reshape(withBatch(rows.length, targetDims)));
        }
        return feed;
    }

    /** Floats per sample of the feature input. */
    int featureLength() {
        return length(featureDims);
    }

    /** Floats per sample of the target input (0 when the loss takes no target). */
    int targetLength() {
        return targetInput == null ? 0 : length(targetDims);
    }

    static long[] withBatch(long batch, long[] dims) {
        long[] shape = new long[dims.length + 1];
        shape[0] = batch;
        System.arraycopy(dims, 0, shape, 1, dims.length);
        return shape;
    }

    static int length(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return (int) n;
    }
}

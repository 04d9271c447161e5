package dev.descent.data;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Copies the rows selected by a {@link BatchSampler} out of every dataset array into reusable
 * buffers, so that the model is fed ordinary dense arrays of shape {@code [B, ...]}.
 *
 * <p>One buffer is kept per (array, batch size): in steady state a step allocates nothing, neither
 * native memory nor Java objects. The full identity batch {@code 0..N-1} returns the dataset's own
 * arrays without copying, so full-batch training pays nothing. The returned arrays (and map) are
 * overwritten by the next call with the same batch size; use them before gathering again and never
 * modify them. Not thread-safe.
 *
 * <pre>{@code
 * BatchGatherer gatherer = new BatchGatherer(data);
 * Map<String, INDArray> batch = gatherer.gather(sampler.next());
 * INDArray x = batch.get("x");   // rows of data.array("x"), in sampler order
 * }</pre>
 */
public final class BatchGatherer {

    private final Dataset data;
    private final Map<String, RowCopier> copiers = new LinkedHashMap<>();
    private final Map<Integer, Buffers> buffers = new HashMap<>();

    /** Prepares copiers for every array of {@code data} (a non-contiguous array is copied once, here). */
    public BatchGatherer(Dataset data) {
        this.data = data;
        for (Map.Entry<String, INDArray> e : data.arrays().entrySet()) {
            copiers.put(e.getKey(), new RowCopier(e.getValue()));
        }
    }

    /**
     * The rows {@code indices} (in that order, repeats allowed) of every array, under the dataset's
     * names and in its order.
     *
     * @throws IllegalArgumentException if {@code indices} is empty or holds an index outside {@code [0, N)}
     */
    public Map<String, INDArray> gather(int[] indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("Cannot gather an empty batch (indices has length 0; a batch needs at least one sample)");
        }
        if (isIdentity(indices)) {
            return data.arrays();
        }
        Buffers b = buffers.computeIfAbsent(indices.length, this::newBuffers);
        try {
            for (int i = 0; i < b.copiers.length; i++) {
                b.copiers[i].copy(indices, b.destinations[i]);
            }
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("Invalid batch for a dataset of " + data.size() + " samples: " + e.getMessage(), e);
        }
        return b.view;
    }

    private boolean isIdentity(int[] indices) {
        if (indices.length != data.size()) {
            return false;
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] != i) {
                return false;
            }
        }
        return true;
    }

    private Buffers newBuffers(int batchSize) {
        int n = copiers.size();
        RowCopier[] cs = new RowCopier[n];
        RowCopier.Destination[] destinations = new RowCopier.Destination[n];
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        int i = 0;
        for (Map.Entry<String, RowCopier> e : copiers.entrySet()) {
            cs[i] = e.getValue();
            destinations[i] = e.getValue().newDestination(batchSize);
            arrays.put(e.getKey(), destinations[i].array());
            i++;
        }
        return new Buffers(cs, destinations, Collections.unmodifiableMap(arrays));
    }

    /** The reusable destinations for one batch size. */
    private record Buffers(RowCopier[] copiers, RowCopier.Destination[] destinations, Map<String, INDArray> view) {
    }
}

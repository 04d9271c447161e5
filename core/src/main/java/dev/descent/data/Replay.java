package dev.descent.data;

import java.util.List;

/** {@link Batching#replay(List)}. */
final class Replay implements Batching {

    private final int[][] batches;

    Replay(List<int[]> batches) {
        if (batches.isEmpty()) {
            throw new IllegalArgumentException("replay batches must not be empty (give at least one index batch)");
        }
        this.batches = new int[batches.size()][];
        for (int i = 0; i < this.batches.length; i++) {
            int[] b = batches.get(i);
            if (b == null || b.length == 0) {
                throw new IllegalArgumentException("replay batch " + i + " is " + (b == null ? "null" : "empty")
                        + " (every batch needs at least one sample index)");
            }
            this.batches[i] = b.clone();
        }
    }

    @Override
    public int stepsPerEpoch(int datasetSize) {
        return batches.length;
    }

    @Override
    public BatchSampler sampler(int datasetSize) {
        AbstractSampler.checkDatasetSize(datasetSize);
        for (int i = 0; i < batches.length; i++) {
            for (int j = 0; j < batches[i].length; j++) {
                int idx = batches[i][j];
                if (idx < 0 || idx >= datasetSize) {
                    throw new IllegalArgumentException("replay batch " + i + " has index " + idx + " at position " + j
                            + ", outside [0, " + datasetSize + ") for a dataset of " + datasetSize + " samples");
                }
            }
        }
        int[][] copy = new int[batches.length][];
        for (int i = 0; i < batches.length; i++) {
            copy[i] = batches[i].clone(); // the sampler hands these out; keep the config's own arrays private
        }
        return new FixedSampler(describe(), datasetSize, copy);
    }

    @Override
    public String describe() {
        return "replay of " + batches.length + " fixed batch" + (batches.length == 1 ? "" : "es");
    }

    @Override
    public String toString() {
        return describe();
    }
}

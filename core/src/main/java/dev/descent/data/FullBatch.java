package dev.descent.data;

/** {@link Batching#fullBatch()}. */
final class FullBatch implements Batching {

    static final FullBatch INSTANCE = new FullBatch();

    private FullBatch() {
    }

    @Override
    public int stepsPerEpoch(int datasetSize) {
        return 1;
    }

    @Override
    public BatchSampler sampler(int datasetSize) {
        AbstractSampler.checkDatasetSize(datasetSize);
        int[] all = new int[datasetSize];
        for (int i = 0; i < datasetSize; i++) {
            all[i] = i;
        }
        return new FixedSampler(describe(), datasetSize, new int[][] {all});
    }

    @Override
    public String describe() {
        return "full batch";
    }

    @Override
    public String toString() {
        return describe();
    }
}

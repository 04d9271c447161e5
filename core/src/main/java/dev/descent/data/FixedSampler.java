package dev.descent.data;

/** Returns fixed batches in order, one pass per epoch: full batch (one batch) and replay. */
final class FixedSampler extends AbstractSampler {

    private final int[][] batches;

    FixedSampler(String batching, int datasetSize, int[][] batches) {
        super(batching, datasetSize, batches.length);
        this.batches = batches;
    }

    @Override
    protected void startEpoch(long epoch) {
    }

    @Override
    protected int[] batch(int step) {
        return batches[step];
    }
}

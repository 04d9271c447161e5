package dev.descent.data;

/** {@link Batching#singleSample(long)}. */
record SingleSample(long seed) implements Batching {

    @Override
    public int stepsPerEpoch(int datasetSize) {
        return datasetSize;
    }

    @Override
    public BatchSampler sampler(int datasetSize) {
        AbstractSampler.checkDatasetSize(datasetSize);
        return new ReplacementSampler(describe(), datasetSize, 1, datasetSize, seed);
    }

    @Override
    public String describe() {
        return "single sample with replacement, seed " + seed;
    }
}

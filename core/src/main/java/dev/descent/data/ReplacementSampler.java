package dev.descent.data;

/**
 * Batches of indices drawn uniformly with replacement; single-sample SGD is the case of batch size 1
 * and N steps per epoch. Each epoch's draws come from its own stream {@code Rng.derive(seed, epoch)}.
 */
final class ReplacementSampler extends AbstractSampler {

    private final long seed;
    private final int[] buffer;
    private Rng rng;

    ReplacementSampler(String batching, int datasetSize, int batchSize, int stepsPerEpoch, long seed) {
        super(batching, datasetSize, stepsPerEpoch);
        this.seed = seed;
        this.buffer = new int[batchSize];
        this.rng = new Rng(Rng.derive(seed, 0));
    }

    @Override
    protected void startEpoch(long epoch) {
        rng = new Rng(Rng.derive(seed, epoch));
    }

    @Override
    protected int[] batch(int step) {
        for (int i = 0; i < buffer.length; i++) {
            buffer[i] = rng.nextInt(datasetSize);
        }
        return buffer;
    }

    @Override
    protected long rngState() {
        return rng.state();
    }

    @Override
    protected void restoreRng(long rngState) {
        rng = Rng.fromState(rngState);
    }
}

package dev.descent.data;

/**
 * Epoch bookkeeping shared by the samplers: the position is {@code (epoch, step)}, advanced eagerly
 * so that after an epoch's last batch {@link #epoch()} already names the next epoch.
 */
abstract class AbstractSampler implements BatchSampler {

    private final String batching;
    protected final int datasetSize;
    private final int stepsPerEpoch;
    private long epoch;
    private int step;

    AbstractSampler(String batching, int datasetSize, int stepsPerEpoch) {
        this.batching = batching;
        this.datasetSize = datasetSize;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    /** Shared check of every {@link Batching#sampler(int)}. */
    static void checkDatasetSize(int datasetSize) {
        if (datasetSize < 1) {
            throw new IllegalArgumentException("Invalid dataset size: " + datasetSize + " (datasetSize must be >= 1)");
        }
    }

    /** Called before the first batch of {@code epoch}, and on restore into the middle of it. */
    protected abstract void startEpoch(long epoch);

    /** The batch at {@code step} of the current epoch; called in order. */
    protected abstract int[] batch(int step);

    /** Random state within the epoch, for {@link #state()}. */
    protected long rngState() {
        return 0L;
    }

    /** Restores the random state within the epoch after {@link #startEpoch} on a mid-epoch restore. */
    protected void restoreRng(long rngState) {
    }

    @Override
    public final int[] next() {
        if (step == 0) {
            startEpoch(epoch);
        }
        int[] b = batch(step);
        step++;
        if (step == stepsPerEpoch) {
            step = 0;
            epoch++;
        }
        return b;
    }

    @Override
    public final long epoch() {
        return epoch;
    }

    @Override
    public final boolean endOfEpoch() {
        return step == 0 && epoch > 0;
    }

    @Override
    public final int stepsPerEpoch() {
        return stepsPerEpoch;
    }

    @Override
    public final SamplerState state() {
        return new SamplerState(batching, datasetSize, epoch, step, step == 0 ? 0L : rngState());
    }

    @Override
    public final void restore(SamplerState s) {
        if (!s.batching().equals(batching) || s.datasetSize() != datasetSize) {
            throw new IllegalArgumentException("Cannot restore a sampler state from \"" + s.batching() + "\" over "
                    + s.datasetSize() + " samples into a sampler for \"" + batching + "\" over " + datasetSize
                    + " samples; resume with the same batching and dataset");
        }
        if (s.stepInEpoch() >= stepsPerEpoch) {
            throw new IllegalArgumentException("Invalid stepInEpoch: " + s.stepInEpoch() + " (an epoch of \"" + batching
                    + "\" over " + datasetSize + " samples has " + stepsPerEpoch + " steps, so stepInEpoch must be < "
                    + stepsPerEpoch + "; a finished epoch is saved as step 0 of the next one, so this state was not"
                    + " saved by a sampler of this configuration)");
        }
        this.epoch = s.epoch();
        this.step = s.stepInEpoch();
        if (step > 0) {
            startEpoch(epoch);
            restoreRng(s.rngState());
        }
    }

    @Override
    public String toString() {
        return "BatchSampler[" + batching + ", N=" + datasetSize + ", epoch " + epoch + ", step " + step + "/" + stepsPerEpoch + "]";
    }
}

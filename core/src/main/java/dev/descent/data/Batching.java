package dev.descent.data;

import java.util.List;

/**
 * Which samples form each training step: an immutable, validated configuration and a factory of
 * {@link BatchSampler}s, one per training run.
 *
 * <pre>{@code
 * Batching gd   = Batching.fullBatch();                      // gradient descent
 * Batching sgd  = Batching.singleSample(7);                  // one random sample per step
 * Batching mini = Batching.miniBatch(32).seed(7).dropLast(true);
 * BatchSampler sampler = mini.sampler(data.size());
 * int[] step = sampler.next();
 * }</pre>
 */
public interface Batching {

    /** Every step sees all N samples in order {@code 0..N-1}; one step per epoch (full-batch gradient descent). */
    static Batching fullBatch() {
        return FullBatch.INSTANCE;
    }

    /**
     * Each step is one index drawn uniformly from {@code [0, N)} with replacement (classic SGD);
     * an epoch is N steps. The draws of epoch {@code e} are a pure function of {@code (seed, e)}.
     */
    static Batching singleSample(long seed) {
        return new SingleSample(seed);
    }

    /**
     * Shuffled mini-batches of {@code batchSize} without replacement, seed 0; refine with
     * {@link MiniBatch#seed(long)}, {@link MiniBatch#shuffle(boolean)}, {@link MiniBatch#dropLast(boolean)}
     * and {@link MiniBatch#withReplacement(boolean)}.
     *
     * @throws IllegalArgumentException if {@code batchSize < 1}
     */
    static MiniBatch miniBatch(int batchSize) {
        return new MiniBatch(batchSize, true, 0L, false, false);
    }

    /**
     * Exactly these index batches, in order; after the last one it starts again at the first, and
     * each full pass is an epoch. Useful to reproduce another framework's batch order. The list and
     * arrays are copied.
     *
     * @throws IllegalArgumentException if the list or one of its batches is empty
     */
    static Batching replay(List<int[]> batches) {
        return new Replay(batches);
    }

    /**
     * A fresh sampler, positioned at the start of epoch 0, for a dataset of {@code datasetSize} samples.
     *
     * @throws IllegalArgumentException if the configuration cannot work with that many samples
     *     (the message names both)
     */
    BatchSampler sampler(int datasetSize);

    /**
     * Steps in one epoch over {@code datasetSize} samples (what a progress bar needs), without
     * building a sampler; the same number the sampler's epochs have.
     */
    int stepsPerEpoch(int datasetSize);

    /** A short human-readable description, e.g. {@code "mini-batch of 32, shuffled, seed 7"}. */
    String describe();
}

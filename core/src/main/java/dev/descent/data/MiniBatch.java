package dev.descent.data;

/**
 * Mini-batch configuration, from {@link Batching#miniBatch(int)}; immutable, refined with withers.
 *
 * <p>Without replacement (the default), epoch {@code e} is a permutation of {@code 0..N-1} (the
 * identity if {@code shuffle} is false) cut into consecutive batches of {@code batchSize}; the last,
 * shorter batch is kept unless {@code dropLast}. The permutation of epoch {@code e} is a pure function
 * of {@code (seed, e)}, so a restored sampler continues exactly. A batch size larger than N gives one
 * batch of N per epoch (an error with {@code dropLast}).
 *
 * <p>With replacement, each batch draws {@code batchSize} indices uniformly from {@code [0, N)}, and an
 * epoch has {@code ceil(N / batchSize)} batches ({@code floor} with {@code dropLast}).
 *
 * <pre>{@code
 * MiniBatch b = Batching.miniBatch(32).seed(7).dropLast(true);
 * b.describe();   // "mini-batch of 32, shuffled, seed 7, drop last"
 * }</pre>
 *
 * @param batchSize samples per step, {@code >= 1}
 * @param shuffle whether each epoch is a fresh seeded permutation (default true)
 * @param seed seed of the permutations or draws (default 0, which is as reproducible as any other)
 * @param dropLast whether a final short batch is dropped (default false)
 * @param withReplacement whether batches draw indices with replacement (default false; needs shuffle)
 */
public record MiniBatch(int batchSize, boolean shuffle, long seed, boolean dropLast, boolean withReplacement)
        implements Batching {

    public MiniBatch {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Invalid batch size: " + batchSize
                    + " (batch_size must be >= 1, e.g. 32; use Batching.fullBatch() for all samples per step)");
        }
        if (withReplacement && !shuffle) {
            throw new IllegalArgumentException("withReplacement=true requires shuffle=true (got shuffle=false):"
                    + " draws with replacement are random by nature; set shuffle(true) or withReplacement(false)");
        }
    }

    /** A copy with this seed. */
    public MiniBatch seed(long seed) {
        return new MiniBatch(batchSize, shuffle, seed, dropLast, withReplacement);
    }

    /** A copy that does ({@code true}) or does not shuffle each epoch. */
    public MiniBatch shuffle(boolean shuffle) {
        return new MiniBatch(batchSize, shuffle, seed, dropLast, withReplacement);
    }

    /** A copy that drops ({@code true}) or keeps the final short batch of each epoch. */
    public MiniBatch dropLast(boolean dropLast) {
        return new MiniBatch(batchSize, shuffle, seed, dropLast, withReplacement);
    }

    /** A copy that draws each batch with ({@code true}) or without replacement. */
    public MiniBatch withReplacement(boolean withReplacement) {
        return new MiniBatch(batchSize, shuffle, seed, dropLast, withReplacement);
    }

    /**
     * @throws IllegalArgumentException if {@code dropLast} and {@code batchSize > datasetSize}, since
     *     every epoch would then be empty
     */
    @Override
    public BatchSampler sampler(int datasetSize) {
        AbstractSampler.checkDatasetSize(datasetSize);
        if (dropLast && batchSize > datasetSize) {
            throw new IllegalArgumentException("batch_size " + batchSize + " is larger than the dataset size "
                    + datasetSize + " with dropLast=true, so every epoch would be empty; use a batch size <= "
                    + datasetSize + " or dropLast(false)");
        }
        if (withReplacement) {
            return new ReplacementSampler(describe(), datasetSize, batchSize, stepsPerEpoch(datasetSize), seed);
        }
        return new PermutationSampler(describe(), datasetSize, Math.min(batchSize, datasetSize), shuffle, seed, dropLast);
    }

    /** {@code N / B} batches with dropLast, else {@code ceil(N / B)} (one batch of all N when B > N). */
    @Override
    public int stepsPerEpoch(int datasetSize) {
        return dropLast ? datasetSize / batchSize : (datasetSize + batchSize - 1) / batchSize;
    }

    @Override
    public String describe() {
        StringBuilder s = new StringBuilder("mini-batch of ").append(batchSize);
        if (withReplacement) {
            s.append(", with replacement, seed ").append(seed);
        } else if (shuffle) {
            s.append(", shuffled, seed ").append(seed);
        } else {
            s.append(", in order");
        }
        if (dropLast) {
            s.append(", drop last");
        }
        return s.toString();
    }
}

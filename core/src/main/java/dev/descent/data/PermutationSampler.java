package dev.descent.data;

/**
 * Mini-batches without replacement: epoch {@code e} is the identity, or the identity shuffled by
 * {@code Rng.derive(seed, e)} (always from the identity, never from the previous epoch's order, so
 * the permutation is a pure function of {@code (seed, e)}), cut into consecutive batches.
 */
final class PermutationSampler extends AbstractSampler {

    private final boolean shuffle;
    private final long seed;
    private final int batchSize;
    private final int[] permutation;
    private final int[] fullBuffer;
    private final int[] lastBuffer;

    PermutationSampler(String batching, int datasetSize, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        super(batching, datasetSize, dropLast ? datasetSize / batchSize : (datasetSize + batchSize - 1) / batchSize);
        this.shuffle = shuffle;
        this.seed = seed;
        this.batchSize = batchSize;
        this.permutation = new int[datasetSize];
        this.fullBuffer = new int[batchSize];
        int rest = datasetSize % batchSize;
        this.lastBuffer = new int[!dropLast && rest != 0 ? rest : batchSize];
        identity();
    }

    private void identity() {
        for (int i = 0; i < permutation.length; i++) {
            permutation[i] = i;
        }
    }

    @Override
    protected void startEpoch(long epoch) {
        if (shuffle) {
            identity();
            new Rng(Rng.derive(seed, epoch)).shuffle(permutation);
        }
    }

    @Override
    protected int[] batch(int step) {
        int from = step * batchSize;
        int[] out = datasetSize - from >= batchSize ? fullBuffer : lastBuffer;
        System.arraycopy(permutation, from, out, 0, out.length);
        return out;
    }
}

package dev.descent.data;

/**
 * Snapshot of a {@link BatchSampler}'s position, for checkpoints. Plain values only, so it is easy
 * to serialize.
 *
 * @param batching the {@link Batching#describe()} of the configuration it came from (checked on restore)
 * @param datasetSize the dataset size the sampler was made for (checked on restore)
 * @param epoch the epoch the next batch belongs to
 * @param stepInEpoch how many batches of that epoch were already returned
 * @param rngState the random state within the epoch (0 where the sampler draws nothing within an epoch)
 */
public record SamplerState(String batching, int datasetSize, long epoch, int stepInEpoch, long rngState) {

    public SamplerState {
        if (epoch < 0) {
            throw new IllegalArgumentException("Invalid epoch: " + epoch + " (epoch counts finished epochs and must be >= 0)");
        }
        if (stepInEpoch < 0) {
            throw new IllegalArgumentException("Invalid stepInEpoch: " + stepInEpoch
                    + " (stepInEpoch counts the batches of the epoch already returned and must be >= 0)");
        }
    }
}

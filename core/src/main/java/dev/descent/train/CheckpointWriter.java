package dev.descent.train;

/**
 * Writes a checkpoint of a run (see {@code dev.descent.store.Checkpoint}: a local file, or Spark's
 * Hadoop file system). {@link Trainer} calls it every {@code n} steps of
 * {@link TrainingPlan.Settings#checkpointEvery} once the step's bookkeeping (epoch end included) is
 * done, so the state it sees is consistent, and again when {@code fit} returns.
 */
@FunctionalInterface
public interface CheckpointWriter {
    void write(Trainer trainer);
}

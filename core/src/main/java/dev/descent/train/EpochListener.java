package dev.descent.train;

/** Called after every epoch, with its metrics filled in. */
@FunctionalInterface
public interface EpochListener {
    void onEpoch(EpochRecord record);
}

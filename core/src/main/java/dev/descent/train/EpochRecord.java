package dev.descent.train;

import java.util.Map;

/**
 * What one epoch did.
 *
 * @param epoch     0-based epoch index
 * @param steps     steps the epoch ran
 * @param meanLoss  mean of the epoch's batch losses (weighted by samples)
 * @param metrics   extra values, such as validation metrics ({@code val_loss}, {@code val_accuracy})
 */
public record EpochRecord(long epoch, long steps, double meanLoss, Map<String, Double> metrics) {
    public EpochRecord {
        metrics = Map.copyOf(metrics);
    }
}

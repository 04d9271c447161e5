package dev.descent.schedule;

/**
 * The checkpointable state of a {@link ReduceLrOnPlateau}, torch's {@code state_dict} fields.
 *
 * @param best            best metric so far ({@code +inf} in min mode / {@code -inf} in max mode before any)
 * @param numBadEpochs    observations since the last improvement (reset by cooldown and reductions)
 * @param cooldownCounter observations left in the current cooldown
 * @param reductions      how many times the rate was reduced; the current factor is
 *                        {@code factor^reductions}, before the {@code minLr} floor
 */
public record PlateauState(double best, int numBadEpochs, int cooldownCounter, int reductions) {
    public PlateauState {
        if (Double.isNaN(best)) {
            throw new IllegalArgumentException("Invalid best: NaN (a plateau state's best metric must be a number"
                    + " or an infinity)");
        }
        if (numBadEpochs < 0 || cooldownCounter < 0 || reductions < 0) {
            throw new IllegalArgumentException("Invalid plateau state: numBadEpochs=" + numBadEpochs
                    + ", cooldownCounter=" + cooldownCounter + ", reductions=" + reductions + " (all must be >= 0)");
        }
    }
}

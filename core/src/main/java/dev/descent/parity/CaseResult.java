package dev.descent.parity;

import java.util.Map;

/**
 * The outcome of replaying one golden case.
 *
 * @param name          the case's name
 * @param kind          linear, bowl or mlp
 * @param steps         steps replayed
 * @param lossDeviation max relative deviation of the loss over all steps
 * @param paramDeviation max relative deviation per parameter (over the compared steps)
 * @param tolerance     the relative tolerance the case must meet (absolute floor {@link ParityReplay#ABS_FLOOR})
 * @param passed        whether every compared value is within tolerance
 * @param firstFailure  a description of the first value out of tolerance, or empty
 */
public record CaseResult(String name, String kind, int steps, double lossDeviation, Map<String, Double> paramDeviation,
        double tolerance, boolean passed, String firstFailure) {
    public CaseResult {
        paramDeviation = Map.copyOf(paramDeviation);
    }
}

package dev.descent.spark;

import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * What the driver broadcasts each step: the parameter values (in the model's parameter order) and the
 * global indices of the step's samples, sorted ({@code null}: every sample, for full-batch steps).
 */
record StepPayload(long step, float[][] params, int @Nullable [] sortedIndices) implements Serializable {
    private static final long serialVersionUID = 1L;
}

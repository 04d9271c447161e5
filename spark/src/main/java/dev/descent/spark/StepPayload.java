package dev.descent.spark;

import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * What the driver broadcasts each step: the parameter values (in the model's parameter order) and the
 * global indices of the step's samples, sorted ({@code null}: every sample, for full-batch steps).
 * A plain final class, not a record, so that Kryo can serialize it (see {@link DescentKryoRegistrator}).
 */
final class StepPayload implements Serializable {
    private static final long serialVersionUID = 2L;

    private final long step;
    private final float[][] params;
    private final int @Nullable [] sortedIndices;

    StepPayload(long step, float[][] params, int @Nullable [] sortedIndices) {
        this.step = step;
        this.params = params;
        this.sortedIndices = sortedIndices;
    }

    long step() {
        return step;
    }

    float[][] params() {
        return params;
    }

    int @Nullable [] sortedIndices() {
        return sortedIndices;
    }
}

package dev.descent.train;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Supplies inputs that are not in the data set but change every step, such as dropout masks drawn
 * from a seeded generator. Called once per step with the step index and the batch size.
 */
@FunctionalInterface
public interface ExtraInputs {
    Map<String, INDArray> forStep(long step, int batchSize);
}

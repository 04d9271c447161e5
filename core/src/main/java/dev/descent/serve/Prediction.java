package dev.descent.serve;

import dev.descent.DescentException;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One answer of a {@link Predictor}: the outputs (fresh arrays the caller owns) and the version of
 * the model snapshot that computed all of them.
 *
 * <pre>{@code
 * Prediction p = predictor.predict(Map.of("x", x));
 * INDArray y = p.output("pred");
 * }</pre>
 *
 * @param version the snapshot's version: 1 for the first model, incremented by every swap
 * @param outputs every output of the model by name
 */
public record Prediction(long version, Map<String, INDArray> outputs) {
    public Prediction {
        outputs = Map.copyOf(outputs);
    }

    /** The output called {@code name}. */
    public INDArray output(String name) {
        INDArray a = outputs.get(name);
        if (a == null) {
            throw new DescentException("Unknown output '" + name + "': the model's outputs are " + outputs.keySet()
                    + ". Fix: use one of those names.");
        }
        return a;
    }
}

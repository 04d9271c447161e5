package dev.descent.compile;

import dev.descent.DescentException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model compiled once into an executable graph. Parameters are live arrays owned by the model
 * and updated in place by an optimizer; gradient arrays are owned by the model and overwritten by
 * each {@link #computeGradients} call. Not thread-safe: one training loop drives it.
 *
 * <pre>{@code
 * try (CompiledModel m = GraphCompiler.compile(graph)) {
 *     double loss = m.computeGradients(Map.of("x", x, "y", y));
 *     INDArray gw = m.gradients().get("w");
 * }
 * }</pre>
 */
public interface CompiledModel extends AutoCloseable {

    /** Parameter names, in the graph's order. */
    List<String> parameterNames();

    /** Live parameter arrays (float32), in the graph's order. */
    Map<String, INDArray> parameters();

    /** Live gradient arrays, one per parameter, valid after {@link #computeGradients}. */
    Map<String, INDArray> gradients();

    /** Names of the inputs the loss needs. */
    List<String> inputNames();

    /**
     * Runs forward and backward on one batch: returns the loss (computed before any update) and
     * leaves d(loss)/d(param) in {@link #gradients()}.
     *
     * @throws dev.descent.DescentException if an input is missing, unknown or of the wrong shape
     */
    double computeGradients(Map<String, INDArray> batch);

    /** The loss on a batch, without gradients. */
    double loss(Map<String, INDArray> batch);

    /** Evaluates named outputs on a batch; returns fresh arrays the caller owns. */
    Map<String, INDArray> output(Map<String, INDArray> batch, List<String> outputNames);

    /** Replaces every parameter's value (shapes must match); used to restore checkpoints. */
    void setParameters(Map<String, INDArray> values);

    /**
     * Live buffers by name: state that is not trained but changes in training steps (running
     * statistics; see {@code Ops.buffer}), saved and restored with the parameters. Empty for most models.
     */
    default Map<String, INDArray> buffers() {
        return Map.of();
    }

    /** Replaces buffer values (names and shapes must match), as {@link #setParameters} does parameters. */
    default void setBuffers(Map<String, INDArray> values) {
        assignAll("buffer", buffers(), values);
    }

    /**
     * The live parameters followed by the live buffers, in one map: what model files, checkpoints and
     * torch state_dicts hold.
     */
    default Map<String, INDArray> parametersAndBuffers() {
        Map<String, INDArray> all = new LinkedHashMap<>(parameters());
        all.putAll(buffers());
        return all;
    }

    /** Replaces parameters and buffers from one map of both ({@link #parametersAndBuffers()}'s names). */
    default void setParametersAndBuffers(Map<String, INDArray> values) {
        Map<String, INDArray> params = new LinkedHashMap<>(values);
        Map<String, INDArray> buffers = new LinkedHashMap<>();
        buffers().keySet().forEach(name -> buffers.put(name, params.remove(name)));
        setParameters(params);
        if (!buffers.isEmpty()) {
            setBuffers(buffers);
        }
    }

    /** Assigns each value to the live array of its name; unknown names and other shapes are errors naming both. */
    static void assignAll(String what, Map<String, INDArray> live, Map<String, INDArray> values) {
        for (Map.Entry<String, INDArray> e : values.entrySet()) {
            INDArray target = live.get(e.getKey());
            if (target == null) {
                throw new DescentException("Unknown " + what + " '" + e.getKey() + "': the model's " + what + "s are "
                        + live.keySet() + ".");
            }
            if (!java.util.Arrays.equals(target.shape(), e.getValue().shape())) {
                throw new DescentException(Character.toUpperCase(what.charAt(0)) + what.substring(1) + " '" + e.getKey()
                        + "' has shape " + java.util.Arrays.toString(target.shape()) + " but the value given has shape "
                        + java.util.Arrays.toString(e.getValue().shape()) + ".");
            }
            target.assign(e.getValue().castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        }
    }

    /** Releases native memory held by the graph. */
    @Override
    void close();
}

package dev.descent.compile;

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

    /** Releases native memory held by the graph. */
    @Override
    void close();
}

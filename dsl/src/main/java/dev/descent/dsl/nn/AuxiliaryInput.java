package dev.descent.dsl.nn;

import dev.descent.graph.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * An input a model needs besides its data, which whoever drives training must feed with every
 * batch: for example a dropout layer's mask. Training and evaluation feed different values
 * (a fresh random mask per step versus all ones), and the training value is a pure function of
 * the seed, so a run is reproducible.
 *
 * <pre>{@code
 * for (AuxiliaryInput aux : net.auxiliaryInputs()) {
 *     batch.put(aux.name(), aux.trainingValue(batchSize, stepSeed));
 * }
 * }</pre>
 */
public interface AuxiliaryInput {

    /** The input's name in the graph (e.g. {@code "layer1.dropout_mask"}). */
    String name();

    /** The declared shape; {@link Shape#ANY} is the batch dimension. */
    Shape shape();

    /** The value to feed for a training step; the same seed always gives the same array. */
    INDArray trainingValue(long batchSize, long seed);

    /** The value to feed when evaluating (dropout off). */
    INDArray evalValue(long batchSize);
}

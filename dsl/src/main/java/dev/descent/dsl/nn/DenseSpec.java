package dev.descent.dsl.nn;

/**
 * The options of one dense (fully connected) layer, {@code y = act(x @ W + b)} with {@code W} of
 * shape [in, out] and {@code b} of shape [out]. Filled in by the lambda given to
 * {@link Sequential.Builder#dense(java.util.function.Consumer)}; each setter checks its value. The
 * activation, bias, initialisers and name are {@link LinearLayerOptions}'.
 *
 * <pre>{@code
 * builder.dense(d -> d.units(64).activation(Activation.tanh()).bias(false).weightInit(Init.xavierUniform()));
 * }</pre>
 */
public final class DenseSpec extends LinearLayerOptions<DenseSpec> {
    long units;
    long inFeatures;

    DenseSpec() {
        super("dense layer");
    }

    /** Output width (number of units); required. */
    public DenseSpec units(long units) {
        if (units < 1) {
            throw new IllegalArgumentException("dense units = " + units + "; a dense layer needs at least 1 output unit");
        }
        this.units = units;
        return this;
    }

    /**
     * Declares the input width, checked against what the previous layer produces when the model is
     * built; leave it out to infer it.
     */
    public DenseSpec inFeatures(long inFeatures) {
        if (inFeatures < 1) {
            throw new IllegalArgumentException("dense inFeatures = " + inFeatures + "; it must be >= 1");
        }
        this.inFeatures = inFeatures;
        return this;
    }
}

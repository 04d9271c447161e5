package dev.descent.dsl.nn;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The options of one dense (fully connected) layer, {@code y = act(x @ W + b)} with {@code W} of
 * shape [in, out] and {@code b} of shape [out]. Filled in by the lambda given to
 * {@link Sequential.Builder#dense(java.util.function.Consumer)}; each setter checks its value.
 *
 * <pre>{@code
 * builder.dense(d -> d.units(64).activation(Activation.tanh()).bias(false).weightInit(Init.xavierUniform()));
 * }</pre>
 */
public final class DenseSpec {
    long units;
    long inFeatures;
    Activation activation = Activation.identity();
    boolean bias = true;
    @Nullable Init weightInit;
    @Nullable Init biasInit;
    @Nullable String name;

    DenseSpec() {
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

    /** Activation applied after the affine map (identity by default). */
    public DenseSpec activation(Activation activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
        return this;
    }

    /** Whether the layer has a bias (default true). */
    public DenseSpec bias(boolean bias) {
        this.bias = bias;
        return this;
    }

    /** Initialiser of the weight (default: the builder's, itself {@link Init#torchDefault()} by default). */
    public DenseSpec weightInit(Init init) {
        this.weightInit = Objects.requireNonNull(init, "init");
        return this;
    }

    /** Initialiser of the bias (default: the builder's, itself {@link Init#torchDefault()} by default). */
    public DenseSpec biasInit(Init init) {
        this.biasInit = Objects.requireNonNull(init, "init");
        return this;
    }

    /** The layer's name, prefixing its parameters ({@code name.weight}); default {@code layer<index>}. */
    public DenseSpec name(String name) {
        this.name = Sequential.checkName(name, "dense layer name");
        return this;
    }
}

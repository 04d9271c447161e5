package dev.descent.dsl.nn;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The options every layer with parameters has: the initialisers of its weight and bias, and its name.
 * Set on a {@link DenseSpec}, {@link ConvSpec} or {@link NormSpec}; each setter checks its value.
 *
 * @param <S> the concrete spec, which each setter returns so that calls chain
 */
public abstract class LayerOptions<S extends LayerOptions<S>> {
    private final String kind;
    private @Nullable Init weightInit;
    private @Nullable Init biasInit;
    @Nullable String name;

    /** @param kind what the layer is called in messages ({@code "dense layer"}) */
    LayerOptions(String kind) {
        this.kind = kind;
    }

    /**
     * The layer's name, prefixing its parameters and buffers ({@code name.weight},
     * {@code name.running_mean}); default {@code layer<index>}.
     */
    public S name(String name) {
        this.name = Sequential.checkName(name, kind + " name");
        return self();
    }

    /**
     * Initialiser of the weight. Default: for dense and convolution layers the {@link Sequential.Builder}'s
     * (itself {@link Init#torchDefault()} by default); for normalisation layers ones, as torch.
     */
    public S weightInit(Init init) {
        this.weightInit = Objects.requireNonNull(init, "init");
        return self();
    }

    /** The weight's initialiser, or {@code fallback} when none was set. */
    final Init weightInitOr(Init fallback) {
        return weightInit != null ? weightInit : fallback;
    }

    /**
     * Initialiser of the bias. Default: for dense and convolution layers the {@link Sequential.Builder}'s
     * (itself {@link Init#torchDefault()} by default); for normalisation layers zeros, as torch.
     */
    public S biasInit(Init init) {
        this.biasInit = Objects.requireNonNull(init, "init");
        return self();
    }

    /** The bias's initialiser, or {@code fallback} when none was set. */
    final Init biasInitOr(Init fallback) {
        return biasInit != null ? biasInit : fallback;
    }

    @SuppressWarnings("unchecked") // S is the subclass itself, by the declaration of each spec
    final S self() {
        return (S) this;
    }
}

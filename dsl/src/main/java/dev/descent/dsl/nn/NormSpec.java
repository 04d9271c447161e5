package dev.descent.dsl.nn;

import org.jspecify.annotations.Nullable;

/**
 * The options of a normalisation layer, by torch's names and defaults: {@code eps} (1e-5),
 * {@code momentum} of the running statistics (0.1; batch norm only), {@code affine} (a learned
 * weight, starting at ones, and bias, at zeros, or {@code weightInit}, {@code biasInit}; default on), and for layer norm the
 * {@code normalizedShape} (the input's trailing dimensions; default the last one). Filled in by the
 * lambda given to {@link Sequential.Builder#batchNorm2d(java.util.function.Consumer)} and the
 * like; each setter checks its value.
 *
 * <pre>{@code
 * builder.batchNorm1d(n -> n.eps(1e-3).momentum(0.01));
 * builder.layerNorm(n -> n.normalizedShape(4, 8).affine(false));
 * }</pre>
 */
public final class NormSpec extends LayerOptions<NormSpec> {
    double eps = 1e-5;
    double momentum = 0.1;
    boolean affine = true;
    long @Nullable [] normalizedShape;

    NormSpec() {
        super("normalisation layer");
    }

    /** Added to the variance before its square root (default 1e-5). */
    public NormSpec eps(double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps = " + eps + "; it must be a finite number > 0 (torch's default is 1e-5)");
        }
        this.eps = eps;
        return this;
    }

    /** How far a training step moves the running statistics towards the batch's (default 0.1, torch's). */
    public NormSpec momentum(double momentum) {
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("momentum = " + momentum + "; it must be in [0, 1] (torch's default is 0.1)");
        }
        this.momentum = momentum;
        return this;
    }

    /** Whether the layer learns a per-feature weight and bias (default true). */
    public NormSpec affine(boolean affine) {
        this.affine = affine;
        return this;
    }

    /** Layer norm: the trailing dimensions normalised together (default: the last dimension). */
    public NormSpec normalizedShape(long... dims) {
        if (dims.length == 0) {
            throw new IllegalArgumentException("normalizedShape(): give at least one dimension, e.g. normalizedShape(64)");
        }
        for (long d : dims) {
            ConvSpec.atLeast("normalizedShape dimension", d, 1);
        }
        this.normalizedShape = dims.clone();
        return this;
    }
}

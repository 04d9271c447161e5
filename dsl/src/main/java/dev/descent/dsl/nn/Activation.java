package dev.descent.dsl.nn;

import dev.descent.graph.Expr;
import dev.descent.graph.Ops;

/**
 * An elementwise (or, for softmax, per-row) function applied to an expression. Each factory
 * reproduces the torch function of the same name, value and gradient, including its behaviour at
 * kinks (e.g. {@code relu'(0) = 0}, {@code leakyRelu'(0) = slope}, {@code elu'(0) = alpha}).
 * Functions without a dedicated op are composed from core ops whose gradients are checked.
 *
 * <pre>{@code
 * Expr h = Activation.gelu().apply(x.matmul(w).plus(b));
 * Activation custom = x -> x.times(Ops.sigmoid(x.times(1.702)));   // any lambda works too
 * }</pre>
 */
@FunctionalInterface
public interface Activation {

    /** The smallest softplus threshold accepted (see {@link #softplus(double, double)}). */
    double MIN_SOFTPLUS_THRESHOLD = 15.0;

    /** Applies the function to {@code x}; the result has the shape of {@code x}. */
    Expr apply(Expr x);

    /** A short name for summaries and messages. */
    default String name() {
        return "custom";
    }

    /** {@code max(x, 0)}. */
    static Activation relu() {
        return Activations.RELU;
    }

    /** {@code x} for x > 0, {@code slope * x} otherwise (torch's negative_slope, default 0.01). */
    static Activation leakyRelu(double slope) {
        if (!Double.isFinite(slope)) {
            throw new IllegalArgumentException("Activation.leakyRelu(slope): slope = " + slope
                    + "; it must be finite, e.g. 0.01 (torch's default)");
        }
        return Activations.named("leakyRelu(" + slope + ")", x -> Ops.leakyRelu(x, slope));
    }

    /** Leaky ReLU with torch's default slope 0.01. */
    static Activation leakyRelu() {
        return leakyRelu(0.01);
    }

    /** ELU with alpha = 1. */
    static Activation elu() {
        return elu(1.0);
    }

    /**
     * {@code x} for x > 0, {@code alpha * (exp(x) - 1)} otherwise. Composed as
     * {@code relu(x) + alpha * expm1(x - relu(x))}: {@code x - relu(x)} is min(x, 0) with
     * derivative 1 at x = 0, so the gradient at 0 is alpha, as in torch.
     */
    static Activation elu(double alpha) {
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("Activation.elu(alpha): alpha = " + alpha + "; it must be finite, e.g. 1.0");
        }
        return Activations.named("elu(" + alpha + ")", x -> {
            Expr r = Ops.relu(x);
            return r.plus(Ops.expm1(x.minus(r)).times(alpha));
        });
    }

    /** GELU, exact form: {@code x * Phi(x) = 0.5 x (1 + erf(x / sqrt 2))} (torch's approximate='none'). */
    static Activation gelu() {
        return Activations.GELU;
    }

    /** GELU, tanh approximation: {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} (approximate='tanh'). */
    static Activation geluTanh() {
        return Activations.GELU_TANH;
    }

    /** SiLU (swish): {@code x * sigmoid(x)}. */
    static Activation silu() {
        return Activations.SILU;
    }

    /** Softplus with torch's defaults beta = 1, threshold = 20. */
    static Activation softplus() {
        return softplus(1.0, 20.0);
    }

    /**
     * torch's softplus: {@code log(1 + exp(beta x)) / beta}, and exactly {@code x} where
     * {@code beta x > threshold}. Composed as {@code log1p(exp(min(beta x, threshold))) / beta
     * + relu(beta x - threshold) / beta}: the first term is constant above the threshold (its
     * gradient vanishes there) and the second takes over with slope 1, so value and gradient follow
     * torch's two branches without overflowing exp. torch's function jumps by
     * {@code log1p(exp(-threshold)) / beta} at the threshold; ours is continuous, which is the same
     * in float32 only for {@code threshold >= 15}, so smaller thresholds are rejected.
     *
     * @throws IllegalArgumentException unless {@code beta > 0} and {@code 15 <= threshold < inf}
     */
    static Activation softplus(double beta, double threshold) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("Activation.softplus(beta, threshold): beta = " + beta
                    + "; it must be finite and > 0 (torch's default is 1)");
        }
        if (!(threshold >= MIN_SOFTPLUS_THRESHOLD) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("Activation.softplus(beta, threshold): threshold = " + threshold
                    + "; it must be finite and >= " + MIN_SOFTPLUS_THRESHOLD + " (torch's default is 20). Below that, torch's"
                    + " softplus jumps by log1p(exp(-threshold)) at the threshold, which this composition (continuous by"
                    + " construction) does not reproduce; from 15 up the jump is below float32 resolution.");
        }
        return Activations.named(beta == 1.0 && threshold == 20.0 ? "softplus" : "softplus(" + beta + ", " + threshold + ")",
                x -> Activations.softplus(x, beta, threshold));
    }

    static Activation tanh() {
        return Activations.TANH;
    }

    static Activation sigmoid() {
        return Activations.SIGMOID;
    }

    /** Softmax along {@code axis} (-1 = last). */
    static Activation softmax(int axis) {
        return Activations.named("softmax(" + axis + ")", x -> Ops.softmax(x, axis));
    }

    /** Log-softmax along {@code axis} (-1 = last). */
    static Activation logSoftmax(int axis) {
        return Activations.named("logSoftmax(" + axis + ")", x -> Ops.logSoftmax(x, axis));
    }

    /** Returns its input unchanged. */
    static Activation identity() {
        return Activations.IDENTITY;
    }
}

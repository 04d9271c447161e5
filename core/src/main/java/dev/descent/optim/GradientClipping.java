package dev.descent.optim;

import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Gradient clipping applied in place before an optimizer step, with torch's semantics.
 *
 * <ul>
 *   <li>{@link #byGlobalNorm(double)}: {@code torch.nn.utils.clip_grad_norm_} with the 2-norm:
 *       {@code total = sqrt(sum over all grads of ||g||^2)}, {@code scale = maxNorm / (total + 1e-6)},
 *       every gradient multiplied by {@code scale} only if {@code scale < 1}.</li>
 *   <li>{@link #byValue(double)}: {@code torch.nn.utils.clip_grad_value_}: each element clamped to
 *       {@code [-clipValue, clipValue]}.</li>
 *   <li>{@link #none()}: leaves gradients alone.</li>
 * </ul>
 *
 * <p>{@link #apply} always returns the global 2-norm before clipping (also for {@code none()}), so a
 * trainer can record gradient norms. When that norm is NaN or infinite the gradients are left
 * untouched and the norm is returned; the caller decides (skip the step, stop, ...). The norm is
 * accumulated in double precision.
 *
 * <pre>{@code
 * double norm = GradientClipping.byGlobalNorm(1.0).apply(model.gradients());
 * }</pre>
 */
public final class GradientClipping {

    /** The clipping method. */
    public enum Kind {
        NONE, GLOBAL_NORM, VALUE
    }

    /** The small constant torch adds to the total norm before dividing. */
    static final double NORM_EPS = 1e-6;

    private static final GradientClipping NONE = new GradientClipping(Kind.NONE, Double.POSITIVE_INFINITY);

    private final Kind kind;
    private final double threshold;

    private GradientClipping(Kind kind, double threshold) {
        this.kind = kind;
        this.threshold = threshold;
    }

    /** No clipping; {@link #apply} only measures the global norm. */
    public static GradientClipping none() {
        return NONE;
    }

    /** Rescales all gradients together so their global 2-norm is at most {@code maxNorm} (finite, > 0). */
    public static GradientClipping byGlobalNorm(double maxNorm) {
        if (!(maxNorm > 0) || Double.isInfinite(maxNorm)) {
            throw new IllegalArgumentException("Invalid maxNorm: " + maxNorm
                    + " (maxNorm must be a finite number > 0, e.g. 1.0; use GradientClipping.none() for no clipping)");
        }
        return new GradientClipping(Kind.GLOBAL_NORM, maxNorm);
    }

    /** Clamps every gradient element to {@code [-clipValue, clipValue]} ({@code clipValue} finite, > 0). */
    public static GradientClipping byValue(double clipValue) {
        if (!(clipValue > 0) || Double.isInfinite(clipValue)) {
            throw new IllegalArgumentException("Invalid clipValue: " + clipValue
                    + " (clipValue must be a finite number > 0, e.g. 0.5; use GradientClipping.none() for no clipping)");
        }
        return new GradientClipping(Kind.VALUE, clipValue);
    }

    public Kind kind() {
        return kind;
    }

    /** {@code maxNorm} or {@code clipValue}; positive infinity for {@link #none()}. */
    public double threshold() {
        return threshold;
    }

    /**
     * Clips {@code grads} in place and returns their global 2-norm before clipping. Non-finite
     * norm: nothing is changed and the NaN or infinity is returned.
     */
    public double apply(Map<String, INDArray> grads) {
        double total = globalNorm(grads);
        if (!Double.isFinite(total) || kind == Kind.NONE) {
            return total;
        }
        if (kind == Kind.GLOBAL_NORM) {
            double scale = threshold / (total + NORM_EPS);
            if (scale < 1) {
                for (INDArray g : grads.values()) {
                    g.muli(scale);
                }
            }
        } else {
            for (INDArray g : grads.values()) {
                Transforms.min(Transforms.max(g, -threshold, false), threshold, false);
            }
        }
        return total;
    }

    /** The 2-norm of all gradients taken together. */
    public static double globalNorm(Map<String, INDArray> grads) {
        double sumSq = 0;
        for (INDArray g : grads.values()) {
            if (g.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT && !g.isView() && g.length() <= SMALL) {
                // small gradients: a plain loop over the native buffer beats a native reduction call
                // (which allocates its scalar result) by an order of magnitude, and sums in double
                java.nio.FloatBuffer buf = g.data().asNioFloat();
                for (int i = 0, n = (int) g.length(); i < n; i++) {
                    double v = buf.get(i);
                    sumSq += v * v;
                }
            } else {
                double n = g.norm2Number().doubleValue();
                sumSq += n * n;
            }
        }
        return Math.sqrt(sumSq);
    }

    /** Up to this many elements, {@link #globalNorm} loops in Java (faster than a native reduction call, which allocates its result). */
    private static final int SMALL = 1 << 20;

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof GradientClipping c && c.kind == kind && Double.compare(c.threshold, threshold) == 0;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Double.hashCode(threshold);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "GradientClipping.none()";
            case GLOBAL_NORM -> "GradientClipping.byGlobalNorm(" + threshold + ")";
            case VALUE -> "GradientClipping.byValue(" + threshold + ")";
        };
    }
}

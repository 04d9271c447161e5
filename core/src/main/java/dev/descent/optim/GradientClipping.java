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
        float[] chunk = null;
        boolean host = dev.descent.ExecutionPath.hostBuffers();
        for (INDArray g : grads.values()) {
            if (host && g.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT && !g.isView() && g.length() <= SMALL) {
                // small gradients: a loop in Java beats a native reduction call (which allocates its
                // scalar result and costs as much for 200k elements as this does for a million)
                if (chunk == null) {
                    chunk = new float[CHUNK];
                }
                sumSq += sumOfSquares(g.data().asNioFloat(), (int) g.length(), chunk);
            } else {
                double n = nativeNorm(g);
                sumSq += n * n;
            }
        }
        return Math.sqrt(sumSq);
    }

    /**
     * ND4J's 2-norm, computed in the array's type: a float32 gradient with elements near 1e20 has a
     * finite norm whose squares overflow float. Then the array is scaled by its largest magnitude
     * first (only then: it costs a temporary array); a truly infinite element stays infinite.
     */
    private static double nativeNorm(INDArray g) {
        double n = g.norm2Number().doubleValue();
        if (!Double.isInfinite(n)) {
            return n;
        }
        // an infinite norm has an element that is infinite or large (not 0, not NaN: a NaN makes the norm NaN)
        double max = g.amaxNumber().doubleValue();
        if (Double.isInfinite(max)) {
            return n;
        }
        return g.div(max).norm2Number().doubleValue() * max;
    }

    /**
     * Σ v² over the first {@code n} floats of {@code buf}: copied a chunk at a time to the heap
     * (a bulk copy runs at memory speed, element reads from a native buffer do not), summed in
     * eight float lanes per chunk (independent additions the CPU overlaps), chunks summed in double.
     */
    private static double sumOfSquares(java.nio.FloatBuffer buf, int n, float[] chunk) {
        double total = 0;
        for (int off = 0; off < n; off += chunk.length) {
            int len = Math.min(chunk.length, n - off);
            buf.get(off, chunk, 0, len);
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            int i = 0;
            for (; i + 8 <= len; i += 8) {
                s0 += chunk[i] * chunk[i];
                s1 += chunk[i + 1] * chunk[i + 1];
                s2 += chunk[i + 2] * chunk[i + 2];
                s3 += chunk[i + 3] * chunk[i + 3];
                s4 += chunk[i + 4] * chunk[i + 4];
                s5 += chunk[i + 5] * chunk[i + 5];
                s6 += chunk[i + 6] * chunk[i + 6];
                s7 += chunk[i + 7] * chunk[i + 7];
            }
            double lanes = (double) s0 + s1 + s2 + s3 + s4 + s5 + s6 + s7;
            if (Double.isInfinite(lanes)) {
                // squares beyond float's range (|g| > 1.8e19) are finite in double: sum this chunk again there
                lanes = 0;
                for (int k = 0; k < i; k++) {
                    lanes += (double) chunk[k] * chunk[k];
                }
            }
            total += lanes;
            for (; i < len; i++) {
                total += (double) chunk[i] * chunk[i];
            }
        }
        return total;
    }

    /** Floats per chunk of {@link #sumOfSquares}: 16 KB, in L1 cache; each lane sums at most 512 squares in float. */
    private static final int CHUNK = 4096;

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

package dev.descent.graph;

/**
 * The sliding window of a 2-D convolution or pooling, with torch's meaning of each field: a
 * {@code kernelH x kernelW} window moved by {@code strideH}, {@code strideW} over an input padded by
 * {@code padH} rows and {@code padW} columns on each side, its taps {@code dilationH},
 * {@code dilationW} apart. The output size along an axis is torch's
 * {@code floor((in + 2 pad - dilation (kernel - 1) - 1) / stride) + 1} (no {@code ceil_mode}).
 * Every field is checked here, once: kernel, stride and dilation at least 1, padding at least 0.
 *
 * <pre>{@code
 * Window2d w = Window2d.of(3, 3).withStride(2, 2).withPadding(1, 1);   // torch's kernel_size=3, stride=2, padding=1
 * }</pre>
 */
public record Window2d(long kernelH, long kernelW, long strideH, long strideW, long padH, long padW, long dilationH,
        long dilationW) {

    /** Checks every field; the messages name the field, the value and the rule. */
    public Window2d {
        positive("kernel size", kernelH, kernelW);
        positive("stride", strideH, strideW);
        positive("dilation", dilationH, dilationW);
        if (padH < 0 || padW < 0) {
            throw new ShapeException("padding = (" + padH + ", " + padW + "); padding must be >= 0 on each axis"
                    + " (0 for none, e.g. 1 keeps a 3x3 convolution's output the input's size)");
        }
    }

    private static void positive(String what, long h, long w) {
        if (h < 1 || w < 1) {
            throw new ShapeException(what + " = (" + h + ", " + w + "); the " + what + " must be >= 1 on each axis"
                    + " (e.g. " + ("kernel size".equals(what) ? "3" : "1") + ")");
        }
    }

    /** A {@code kernelH x kernelW} window, stride 1, no padding, no dilation. */
    public static Window2d of(long kernelH, long kernelW) {
        return new Window2d(kernelH, kernelW, 1, 1, 0, 0, 1, 1);
    }

    public Window2d withStride(long h, long w) {
        return new Window2d(kernelH, kernelW, h, w, padH, padW, dilationH, dilationW);
    }

    public Window2d withPadding(long h, long w) {
        return new Window2d(kernelH, kernelW, strideH, strideW, h, w, dilationH, dilationW);
    }

    public Window2d withDilation(long h, long w) {
        return new Window2d(kernelH, kernelW, strideH, strideW, padH, padW, h, w);
    }

    /**
     * The output size along each spatial axis for an input of {@code inH x inW}; throws naming
     * {@code what} when the (dilated) kernel is larger than the padded input.
     */
    long[] outputSize(long inH, long inW, String what) {
        return new long[] {axis(inH, kernelH, strideH, padH, dilationH, "height", what),
            axis(inW, kernelW, strideW, padW, dilationW, "width", what)};
    }

    private static long axis(long in, long k, long s, long p, long d, String axis, String what) {
        long span = d * (k - 1) + 1;
        if (in + 2 * p < span) {
            throw new ShapeException(what + ": the kernel spans " + span + " along the " + axis + (d > 1 ? " (kernel " + k
                    + ", dilation " + d + ")" : "") + " but the input's " + axis + " is " + in + (p > 0 ? " (+ 2 x padding "
                    + p + " = " + (in + 2 * p) + ")" : "") + "; the kernel must fit in the padded input. Fix: a smaller kernel,"
                    + " more padding, or a larger input (an earlier pooling may have shrunk it).");
        }
        return (in + 2 * p - span) / s + 1;
    }

    /** {@code "kernel 3x3, stride 2, padding 1"}: the fields that differ from the defaults. */
    String describe() {
        StringBuilder b = new StringBuilder("kernel ").append(kernelH).append('x').append(kernelW);
        if (strideH != 1 || strideW != 1) {
            b.append(", stride ").append(pair(strideH, strideW));
        }
        if (padH != 0 || padW != 0) {
            b.append(", padding ").append(pair(padH, padW));
        }
        if (dilationH != 1 || dilationW != 1) {
            b.append(", dilation ").append(pair(dilationH, dilationW));
        }
        return b.toString();
    }

    private static String pair(long h, long w) {
        return h == w ? Long.toString(h) : "(" + h + ", " + w + ")";
    }
}

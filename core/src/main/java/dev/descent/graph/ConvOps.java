package dev.descent.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Convolution and pooling with torch's layouts and arithmetic: inputs NCHW ([batch, channels,
 * height, width]) or NCL for the 1-D forms, convolution weights [out, in, kh, kw] ([out, in, k]),
 * windows as {@link Window2d}. Shapes are checked when the expression is built: the rank, the
 * channels against the weight, the bias against the output channels, and the (dilated) kernel
 * against the padded input; the 1-D forms are the 2-D ones over a height of 1.
 *
 * <pre>{@code
 * Expr y = ConvOps.conv2d(x, w, b, Window2d.of(5, 5));          // x [batch, 1, 28, 28], w [6, 1, 5, 5] -> [batch, 6, 24, 24]
 * Expr p = ConvOps.maxPool2d(Ops.relu(y), Window2d.of(2, 2).withStride(2, 2));
 * }</pre>
 */
public final class ConvOps {
    /** The attribute holding a node's {@link Window2d}. */
    public static final String WINDOW = "window";

    private ConvOps() {
    }

    /** torch's {@code F.conv2d(x, w, b, stride, padding, dilation)}; {@code bias} may be null. */
    public static Expr conv2d(Expr x, Expr weight, @Nullable Expr bias, Window2d window) {
        String what = "conv2d(" + x.name() + ", " + weight.name() + ")";
        requireRank(x, 4, what, "[batch, channels, height, width]");
        Shape w = weight.shape();
        if (w.rank() != 4 || w.dim(2) != window.kernelH() || w.dim(3) != window.kernelW()) {
            throw new ShapeException(what + ": the weight " + weight.name() + " has shape " + w + " but a " + window.kernelH()
                    + "x" + window.kernelW() + " kernel needs [out_channels, in_channels, " + window.kernelH() + ", "
                    + window.kernelW() + "] (torch's layout). Fix: create the weight with that shape.");
        }
        long channels = x.shape().dim(1);
        if (w.dim(1) != channels) {
            throw new ShapeException(what + ": the input has " + channels + " channels (shape " + x.shape() + ") but the weight "
                    + w + " expects " + w.dim(1) + ". Fix: set in_channels to " + channels + ", or check the layer before.");
        }
        List<Expr> ins = new ArrayList<>(List.of(x, weight));
        if (bias != null) {
            if (bias.shape().rank() != 1 || bias.shape().dim(0) != w.dim(0)) {
                throw new ShapeException(what + ": the bias " + bias.name() + " has shape " + bias.shape() + " but the layer has "
                        + w.dim(0) + " output channels. Fix: a bias of shape [" + w.dim(0) + "].");
            }
            ins.add(bias);
        }
        long[] hw = window.outputSize(x.shape().dim(2), x.shape().dim(3), what + " with " + window.describe());
        return new Node(OpKind.CONV2D, ins, Map.of(WINDOW, window), Shape.of(x.shape().dim(0), w.dim(0), hw[0], hw[1]),
                Ops.shorten(what));
    }

    /** torch's {@code F.max_pool2d(x, kernel, stride, padding)} (dilation 1); padding is at most half the kernel. */
    public static Expr maxPool2d(Expr x, Window2d window) {
        return pool(OpKind.MAX_POOL2D, "maxPool2d", x, window);
    }

    /** torch's {@code F.avg_pool2d(x, kernel, stride, padding)} with {@code count_include_pad=True}. */
    public static Expr avgPool2d(Expr x, Window2d window) {
        return pool(OpKind.AVG_POOL2D, "avgPool2d", x, window);
    }

    private static Expr pool(OpKind kind, String name, Expr x, Window2d window) {
        String what = name + "(" + x.name() + ")";
        requireRank(x, 4, what, "[batch, channels, height, width]");
        if (window.dilationH() != 1 || window.dilationW() != 1) {
            throw new ShapeException(what + ": dilation = (" + window.dilationH() + ", " + window.dilationW()
                    + "); pooling here has no dilation. Fix: leave the dilation at 1.");
        }
        if (2 * window.padH() > window.kernelH() || 2 * window.padW() > window.kernelW()) {
            throw new ShapeException(what + ": padding = (" + window.padH() + ", " + window.padW() + ") with a "
                    + window.kernelH() + "x" + window.kernelW() + " kernel; padding must be at most half the kernel size"
                    + " (torch's rule). Fix: padding <= kernel / 2.");
        }
        long[] hw = window.outputSize(x.shape().dim(2), x.shape().dim(3), what + " with " + window.describe());
        return new Node(kind, List.of(x), Map.of(WINDOW, window),
                Shape.of(x.shape().dim(0), x.shape().dim(1), hw[0], hw[1]), Ops.shorten(what));
    }

    /**
     * torch's {@code F.conv1d}: input [batch, channels, length], weight [out, in, k], optional bias
     * [out]; {@code kernel}, {@code stride}, {@code padding}, {@code dilation} along the length.
     */
    public static Expr conv1d(Expr x, Expr weight, @Nullable Expr bias, long stride, long padding, long dilation) {
        requireRank(x, 3, "conv1d(" + x.name() + ", " + weight.name() + ")", "[batch, channels, length]");
        Shape w = weight.shape();
        if (w.rank() != 3) {
            throw new ShapeException("conv1d(" + x.name() + ", " + weight.name() + "): the weight has shape " + w
                    + " but needs [out_channels, in_channels, kernel] (torch's layout). Fix: create it with that shape.");
        }
        Window2d window = new Window2d(1, w.dim(2), 1, stride, 0, padding, 1, dilation);
        Expr w4 = Ops.reshape(weight, w.dim(0), w.dim(1), 1, w.dim(2));
        return squeezeHeight(conv2d(unsqueezeHeight(x), w4, bias, window));
    }

    /** torch's {@code F.max_pool1d(x, kernel, stride, padding)} over [batch, channels, length]. */
    public static Expr maxPool1d(Expr x, long kernel, long stride, long padding) {
        requireRank(x, 3, "maxPool1d(" + x.name() + ")", "[batch, channels, length]");
        return squeezeHeight(maxPool2d(unsqueezeHeight(x), new Window2d(1, kernel, 1, stride, 0, padding, 1, 1)));
    }

    /** [N, C, L] as [N, C, 1, L]. */
    private static Expr unsqueezeHeight(Expr x) {
        long[] d = x.shape().dims();
        return Ops.reshape(x, d[0], d[1], 1, d[2]);
    }

    /** [N, C, 1, L] as [N, C, L]. */
    private static Expr squeezeHeight(Expr x) {
        long[] d = x.shape().dims();
        return Ops.reshape(x, d[0], d[1], d[3]);
    }

    private static void requireRank(Expr x, int rank, String what, String layout) {
        if (x.shape().rank() != rank) {
            throw new ShapeException(what + " needs input of shape " + layout + " but " + x.name() + " has shape " + x.shape()
                    + ". Fix: declare the input with that layout (e.g. input(1, 28, 28) for one-channel 28x28 images).");
        }
    }
}

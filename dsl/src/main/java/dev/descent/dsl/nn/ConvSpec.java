package dev.descent.dsl.nn;

/**
 * The options of one convolution layer, torch's {@code nn.Conv2d} / {@code nn.Conv1d}: output
 * channels, kernel, stride (default 1), padding (default 0), dilation (default 1), bias (default
 * on), an activation applied after it, initialisers (default torch's: uniform in
 * ±1/sqrt(in_channels · kh · kw) for weight and bias) and a name. Weights are [out, in, kh, kw]
 * ([out, in, k] for 1-D), as in torch. Filled in by the lambda given to
 * {@link Sequential.Builder#conv2d(java.util.function.Consumer)}; each setter checks its value, the
 * shapes are checked when the model is built.
 *
 * <pre>{@code
 * builder.conv2d(c -> c.outChannels(16).kernel(3, 5).stride(2).padding(1, 2).activation(Activation.relu()));
 * }</pre>
 */
public final class ConvSpec extends LinearLayerOptions<ConvSpec> {
    long outChannels;
    long inChannels;
    long kernelH;
    long kernelW;
    long strideH = 1;
    long strideW = 1;
    long padH;
    long padW;
    long dilationH = 1;
    long dilationW = 1;

    ConvSpec() {
        super("convolution layer");
    }

    /** Output channels (torch's {@code out_channels}); required. */
    public ConvSpec outChannels(long n) {
        this.outChannels = atLeast("outChannels", n, 1);
        return this;
    }

    /** Declares the input channels, checked against the input when the model is built (inferred if left out). */
    public ConvSpec inChannels(long n) {
        this.inChannels = atLeast("inChannels", n, 1);
        return this;
    }

    /** A square kernel (a length-{@code k} kernel for conv1d); required. */
    public ConvSpec kernel(long k) {
        return kernel(k, k);
    }

    /** A {@code kh x kw} kernel (conv2d only). */
    public ConvSpec kernel(long kh, long kw) {
        this.kernelH = atLeast("kernel", kh, 1);
        this.kernelW = atLeast("kernel", kw, 1);
        return this;
    }

    public ConvSpec stride(long s) {
        return stride(s, s);
    }

    public ConvSpec stride(long sh, long sw) {
        this.strideH = atLeast("stride", sh, 1);
        this.strideW = atLeast("stride", sw, 1);
        return this;
    }

    /** Zero padding on each side (torch's {@code padding}). */
    public ConvSpec padding(long p) {
        return padding(p, p);
    }

    public ConvSpec padding(long ph, long pw) {
        this.padH = atLeast("padding", ph, 0);
        this.padW = atLeast("padding", pw, 0);
        return this;
    }

    public ConvSpec dilation(long d) {
        return dilation(d, d);
    }

    public ConvSpec dilation(long dh, long dw) {
        this.dilationH = atLeast("dilation", dh, 1);
        this.dilationW = atLeast("dilation", dw, 1);
        return this;
    }

    static long atLeast(String what, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(what + " = " + value + "; it must be >= " + min
                    + (min == 0 ? " (0 for none)" : " (e.g. " + ("kernel".equals(what) ? 3 : 1) + ")"));
        }
        return value;
    }
}

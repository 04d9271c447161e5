package dev.descent.dsl.nn;

import dev.descent.graph.ConvOps;
import dev.descent.graph.Expr;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.graph.ShapeException;
import dev.descent.graph.Window2d;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A convolution layer, torch's {@code nn.Conv2d} (NCHW) or {@code nn.Conv1d} (NCL), then its activation. */
record Conv(ConvSpec spec, boolean oneD) implements LayerSpec {

    @Override
    public Bound bind(Shape in, Context ctx) {
        String kind = oneD ? "conv1d" : "conv2d";
        String kernel = oneD ? Long.toString(spec.kernelW) : spec.kernelH + "x" + spec.kernelW;
        String what = kind + " " + spec.outChannels + "@" + kernel;
        int rank = oneD ? 3 : 4;
        if (in.rank() != rank) {
            throw new ShapeException(ctx.describe(what) + " expects input of shape " + (oneD ? "[batch, channels, length]"
                    : "[batch, channels, height, width]") + " but receives " + in + " from " + ctx.previous()
                    + ". Fix: declare the input as " + (oneD ? "input(channels, length)" : "input(channels, height, width)")
                    + ", e.g. input(1, 28, 28) for one-channel 28x28 images.");
        }
        long channels = in.dim(1);
        if (spec.inChannels > 0 && spec.inChannels != channels) {
            throw new ShapeException(ctx.describe(what) + " declares " + spec.inChannels + " input channels but receives "
                    + in + " (" + channels + " channels) from " + ctx.previous() + ". Fix: inChannels(" + channels
                    + "), or leave it out to infer it.");
        }
        long fanIn = channels * spec.kernelH * spec.kernelW;
        long fanOut = spec.outChannels * spec.kernelH * spec.kernelW;
        long[] wShape = oneD ? new long[] {spec.outChannels, channels, spec.kernelW}
                : new long[] {spec.outChannels, channels, spec.kernelH, spec.kernelW};
        Map<String, Expr> params = spec.parameters(ctx, wShape, spec.outChannels, fanIn, fanOut);
        Expr w = params.get(ctx.qualified("weight"));
        @Nullable Expr bias = params.get(ctx.qualified("bias"));
        Window2d window = new Window2d(spec.kernelH, spec.kernelW, spec.strideH, spec.strideW, spec.padH, spec.padW,
                spec.dilationH, spec.dilationW);
        java.util.function.UnaryOperator<Expr> conv = x -> oneD
                ? ConvOps.conv1d(x, w, bias, spec.strideW, spec.padW, spec.dilationW)
                : ConvOps.conv2d(x, w, bias, window);
        // build once on a stand-in input: the output shape, and every shape error now rather than at forward
        Shape out = ctx.checked(what, in, () -> conv.apply(Ops.input("probe", in.dims())).shape());
        return new BoundConv(ctx.name(), spec.describe(what), out, conv, spec.activation, params);
    }

    private record BoundConv(String name, String description, Shape outputShape,
            java.util.function.UnaryOperator<Expr> conv, Activation activation, Map<String, Expr> parameters)
            implements Bound {
        @Override
        public Expr forward(Expr x) {
            return activation.apply(conv.apply(x));
        }

        @Override
        public int torchModules() {
            return activation == Activation.identity() ? 1 : 2; // nn.Conv2d, then the activation's module
        }

        @Override
        public List<AuxiliaryInput> auxiliaryInputs() {
            return List.of();
        }
    }
}

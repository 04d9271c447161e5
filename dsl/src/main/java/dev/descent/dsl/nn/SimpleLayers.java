package dev.descent.dsl.nn;

import dev.descent.graph.ConvOps;
import dev.descent.graph.Expr;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.graph.ShapeException;
import dev.descent.graph.Window2d;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Layers without parameters: activation, dropout, flatten, pooling and the mean over an axis. */
final class SimpleLayers {
    private SimpleLayers() {
    }

    static LayerSpec activation(Activation a) {
        return (in, ctx) -> new Stateless(ctx.name(), a.name(), in, a::apply, List.of());
    }

    /**
     * Dropout as a multiplication by a fed mask (see {@link DropoutMask}); p = 0 is the identity
     * and needs no mask.
     */
    static LayerSpec dropout(double p) {
        return (in, ctx) -> {
            if (p == 0.0) {
                return new Stateless(ctx.name(), "dropout(0)", in, x -> x, List.of());
            }
            if (in.rank() < 1 || in.dim(0) != Shape.ANY) {
                throw new ShapeException(ctx.describe("dropout " + p) + " needs a batch dimension first, but receives " + in
                        + ". Fix: declare the model input with the batch dimension left open (Sequential.builder().input(...)).");
            }
            Expr mask = Ops.input(ctx.prefix() + ctx.name() + ".dropout_mask", in.dims());
            DropoutMask aux = new DropoutMask(mask.name(), in, p);
            return new Stateless(ctx.name(), "dropout(" + p + ")", in, x -> x.times(mask), List.of(aux));
        };
    }

    static LayerSpec flatten() {
        return (in, ctx) -> {
            if (in.rank() < 2 || in.dim(0) != Shape.ANY) {
                throw new ShapeException(ctx.describe("flatten") + " needs [batch, ...] input, but receives " + in
                        + " from " + ctx.previous() + ".");
            }
            if (in.rank() == 2) {
                return new Stateless(ctx.name(), "flatten (no-op)", in, x -> x, List.of());
            }
            long width = 1;
            for (int i = 1; i < in.rank(); i++) {
                width *= in.dim(i);
            }
            long w = width;
            return new Stateless(ctx.name(), "flatten -> " + width, Shape.of(Shape.ANY, w),
                    x -> Ops.reshape(x, Shape.ANY, w), List.of());
        };
    }

    /** torch's {@code nn.MaxPool2d} / {@code nn.AvgPool2d} ({@code oneD}: {@code nn.MaxPool1d}) over {@code window}. */
    static LayerSpec pool(String kind, Window2d window, boolean oneD) {
        return (in, ctx) -> {
            String what = kind + " " + window.kernelW() + (oneD || window.kernelH() == window.kernelW() ? "" : "x" + window.kernelH());
            UnaryOperator<Expr> f = switch (kind) {
                case "maxPool2d" -> x -> ConvOps.maxPool2d(x, window);
                case "avgPool2d" -> x -> ConvOps.avgPool2d(x, window);
                default -> x -> ConvOps.maxPool1d(x, window.kernelW(), window.strideW(), window.padW());
            };
            Shape out = ctx.checked(what, in, () -> f.apply(Ops.input("probe", in.dims())).shape());
            return new Stateless(ctx.name(), what, out, f, List.of());
        };
    }

    /** The mean over axis {@code axis} (of the input with its batch axis, torch's {@code x.mean(dim)}), which is dropped. */
    static LayerSpec mean(int axis) {
        return (in, ctx) -> {
            int a = axis < 0 ? axis + in.rank() : axis;
            if (a < 1 || a >= in.rank()) {
                throw new ShapeException(ctx.describe("mean(" + axis + ")") + " receives " + in + " from " + ctx.previous()
                        + "; the axis must be one of 1.." + (in.rank() - 1) + " (or -1 for the last): axis 0 is the batch."
                        + " Fix: e.g. mean(1) to average an embedding over its tokens.");
            }
            long[] out = new long[in.rank() - 1];
            for (int i = 0, j = 0; i < in.rank(); i++) {
                if (i != a) {
                    out[j++] = in.dim(i);
                }
            }
            return new Stateless(ctx.name(), "mean over axis " + a, Shape.of(out), x -> Ops.mean(x, false, a), List.of());
        };
    }

    private record Stateless(String name, String description, Shape outputShape, UnaryOperator<Expr> f,
            List<AuxiliaryInput> auxiliaryInputs) implements LayerSpec.Bound {
        @Override
        public Expr forward(Expr x) {
            return f.apply(x);
        }

        @Override
        public Map<String, Expr> parameters() {
            return Map.of();
        }
    }
}

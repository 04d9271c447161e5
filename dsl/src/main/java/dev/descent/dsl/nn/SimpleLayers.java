package dev.descent.dsl.nn;

import dev.descent.graph.Expr;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.graph.ShapeException;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Layers without parameters: activation, dropout and flatten. */
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

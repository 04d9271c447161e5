package dev.descent.dsl.nn;

import dev.descent.graph.Expr;
import dev.descent.graph.Shape;
import dev.descent.graph.ShapeException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A dense layer, {@code act(x @ W + b)}, W of shape [in, out] (the layout of torch's x @ W.T with W.T stored). */
record Dense(DenseSpec spec) implements LayerSpec {

    @Override
    public Bound bind(Shape in, Context ctx) {
        if (spec.units < 1) {
            throw new IllegalArgumentException(ctx.describe("dense") + " has no output width. Fix: call units(n) in dense(d -> ...).");
        }
        String what = "dense " + (spec.inFeatures > 0 ? spec.inFeatures + " " : "") + "-> " + spec.units;
        if (in.rank() != 2) {
            throw new ShapeException(ctx.describe(what) + " expects input of shape [batch, features] but receives " + in
                    + " from " + ctx.previous() + ". Fix: add .flatten() before this layer.");
        }
        long inWidth = in.dim(1);
        if (spec.inFeatures > 0 && spec.inFeatures != inWidth) {
            throw new ShapeException(ctx.describe(what) + " declares " + spec.inFeatures + " input features but receives "
                    + in + " from " + ctx.previous() + ". Fix: declare " + inWidth + " inputs (linear(" + inWidth + ", "
                    + spec.units + ")), or leave the width out (dense(" + spec.units + ")) to infer it.");
        }
        Map<String, Expr> params = spec.parameters(ctx, new long[] {inWidth, spec.units}, spec.units, inWidth, spec.units);
        Expr w = params.get(ctx.qualified("weight"));
        @Nullable Expr b = params.get(ctx.qualified("bias"));
        return new BoundDense(ctx.name(), spec.describe("dense " + inWidth + " -> " + spec.units),
                Shape.of(in.dim(0), spec.units), w, b, spec.activation, params);
    }

    private record BoundDense(String name, String description, Shape outputShape, Expr weight, @Nullable Expr bias,
            Activation activation, Map<String, Expr> parameters) implements Bound {
        @Override
        public Expr forward(Expr x) {
            Expr y = x.matmul(weight);
            if (bias != null) {
                y = y.plus(bias);
            }
            return activation.apply(y);
        }

        @Override
        public List<AuxiliaryInput> auxiliaryInputs() {
            return List.of();
        }

        @Override
        public int torchModules() {
            return activation == Activation.identity() ? 1 : 2;
        }

        @Override
        public boolean transposedInTorch(String param) {
            return param.equals(weight.name()); // [in, out] here, [out, in] in nn.Linear
        }
    }
}

package dev.descent.dsl.nn;

import dev.descent.graph.Expr;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.graph.ShapeException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A dense layer, {@code act(x @ W + b)}, W of shape [in, out] (the layout of torch's x @ W.T with W.T stored). */
final class Dense implements LayerSpec {
    private final DenseSpec spec;

    Dense(DenseSpec spec) {
        this.spec = spec;
    }

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
        String prefix = ctx.prefix() + ctx.name();
        Init wInit = spec.weightInit != null ? spec.weightInit : ctx.weightInit();
        Init bInit = spec.biasInit != null ? spec.biasInit : ctx.biasInit();
        Map<String, Expr> params = new LinkedHashMap<>();
        Expr w = Ops.param(prefix + ".weight", ctx.initial(wInit, prefix + ".weight", new long[] {inWidth, spec.units}, inWidth, spec.units));
        params.put(w.name(), w);
        Expr b = null;
        if (spec.bias) {
            b = Ops.param(prefix + ".bias", ctx.initial(bInit, prefix + ".bias", new long[] {spec.units}, inWidth, spec.units));
            params.put(b.name(), b);
        }
        String description = "dense " + inWidth + " -> " + spec.units + (spec.bias ? "" : ", no bias")
                + (spec.activation == Activation.identity() ? "" : ", " + spec.activation.name());
        return new BoundDense(ctx.name(), description, Shape.of(in.dim(0), spec.units), w, b, spec.activation, params);
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

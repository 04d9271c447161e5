package dev.descent.dsl.nn;

import dev.descent.graph.Expr;
import dev.descent.graph.Ops;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The options of a layer that applies a linear map to its input (a matrix product, a convolution),
 * adds a bias and applies an activation: {@link DenseSpec} and {@link ConvSpec}.
 *
 * @param <S> the concrete spec, which each setter returns so that calls chain
 */
public abstract class LinearLayerOptions<S extends LinearLayerOptions<S>> extends LayerOptions<S> {
    Activation activation = Activation.identity();
    boolean bias = true;

    LinearLayerOptions(String kind) {
        super(kind);
    }

    /** Whether the layer has a bias (default true). */
    public S bias(boolean bias) {
        this.bias = bias;
        return self();
    }

    /**
     * The layer's weight of {@code weightShape} and, with a bias, its bias of {@code [outputs]}, in
     * that order, each drawn by its initialiser (this spec's, else the model's) with torch's fans.
     */
    final Map<String, Expr> parameters(LayerSpec.Context ctx, long[] weightShape, long outputs, long fanIn, long fanOut) {
        Map<String, Expr> params = new LinkedHashMap<>();
        String weight = ctx.qualified("weight");
        params.put(weight, Ops.param(weight, ctx.initial(weightInitOr(ctx.weightInit()), weight, weightShape, fanIn, fanOut)));
        if (bias) {
            String b = ctx.qualified("bias");
            params.put(b, Ops.param(b, ctx.initial(biasInitOr(ctx.biasInit()), b, new long[] {outputs}, fanIn, fanOut)));
        }
        return params;
    }

    /** Activation applied after the linear map and the bias (identity by default). */
    public S activation(Activation activation) {
        this.activation = Objects.requireNonNull(activation, "activation");
        return self();
    }

    /** {@code what}, then ", no bias" and the activation where they are not the defaults: a summary's line. */
    final String describe(String what) {
        return what + (bias ? "" : ", no bias") + (activation == Activation.identity() ? "" : ", " + activation.name());
    }
}

package dev.descent.dsl.nn;

import dev.descent.graph.Expr;
import dev.descent.graph.Ops;
import java.util.function.UnaryOperator;

/** The implementations behind {@link Activation}'s factories. */
final class Activations {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2.0 / Math.PI);

    static final Activation RELU = named("relu", Ops::relu);
    static final Activation TANH = named("tanh", Ops::tanh);
    static final Activation SIGMOID = named("sigmoid", Ops::sigmoid);
    static final Activation IDENTITY = named("identity", x -> x);
    static final Activation SILU = named("silu", x -> x.times(Ops.sigmoid(x)));
    static final Activation GELU = named("gelu", dev.descent.graph.Functional::gelu);
    static final Activation GELU_TANH = named("geluTanh", x -> {
        // x*x*x rather than pow(x, 3): the same product torch forms, so rounding matches
        Expr inner = x.plus(x.times(x).times(x).times(0.044715)).times(SQRT_2_OVER_PI);
        return x.times(Ops.tanh(inner).plus(1.0)).times(0.5);
    });

    private Activations() {
    }

    static Activation named(String name, UnaryOperator<Expr> f) {
        return new Named(name, f);
    }

    static Expr softplus(Expr x, double beta, double threshold) {
        Expr bx = beta == 1.0 ? x : x.times(beta);
        Expr smooth = Ops.log1p(Ops.exp(Ops.minimum(bx, Ops.constant(threshold))));
        Expr linear = Ops.relu(bx.minus(threshold));
        Expr sum = smooth.plus(linear);
        return beta == 1.0 ? sum : sum.div(beta);
    }

    record Named(String name, UnaryOperator<Expr> f) implements Activation {
        @Override
        public Expr apply(Expr x) {
            return f.apply(x);
        }

        @Override
        public String toString() {
            return name;
        }
    }
}

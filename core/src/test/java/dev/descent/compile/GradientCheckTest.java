package dev.descent.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.graph.ConvOps;
import dev.descent.graph.Expr;
import dev.descent.graph.Functional;
import dev.descent.graph.Window2d;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.OpKind;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every lowered {@link OpKind} against finite differences. Each case builds a small graph in which
 * parameters feed the op, takes {@code loss = sum(op(...) * upstream)} with a fixed random
 * upstream, compiles it and compares {@code computeGradients} with a five-point central difference
 * of the compiled (float32) loss. The five-point stencil has truncation error O(h^4), so with
 * h = 1e-2 the remaining error is float32 rounding of the loss (about 1e-7 |loss| / h), well
 * inside the tolerance. Parameter values keep a margin larger than 2h from every kink (0 for
 * relu/abs, ties for max/min), so the function is smooth over the stencil.
 */
class GradientCheckTest {
    private static final double H = 1e-2;
    private static final double REL_TOL = 1e-2;
    private static final double ABS_TOL = 1e-3;
    private static final int BATCH = 4;

    /** One graph to check: parameters, fed inputs and the op under test. */
    static final class Case {
        final String name;
        final OpKind kind;
        final Map<String, INDArray> params = new LinkedHashMap<>();
        final Map<String, INDArray> feed = new LinkedHashMap<>();
        final Map<String, long[]> inputDims = new LinkedHashMap<>();
        final Set<String> indexInputs = new java.util.HashSet<>();
        Function<Map<String, Expr>, Expr> body;
        INDArray expectedValue;
        /** Differences of the training-mode loss (running statistics: the evaluation loss is another function). */
        boolean training;

        Case(OpKind kind, String name) {
            this.kind = kind;
            this.name = kind + ": " + name;
        }

        Case param(String n, INDArray v) {
            params.put(n, v);
            return this;
        }

        Case input(String n, INDArray v, long... dims) {
            feed.put(n, v);
            inputDims.put(n, dims);
            return this;
        }

        Case indexInput(String n, INDArray v, long... dims) {
            indexInputs.add(n);
            return input(n, v, dims);
        }

        Case body(Function<Map<String, Expr>, Expr> f) {
            this.body = f;
            return this;
        }

        /** Also checks the op's forward value (for ops such as one-hot whose value is the point). */
        Case expect(INDArray value) {
            this.expectedValue = value;
            return this;
        }

        Case training() {
            this.training = true;
            return this;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    // ------------------------------------------------------------------ value generators

    private static final Random RNG = new Random(20240611L);

    /** Uniform in [lo, hi]. */
    private static INDArray uniform(double lo, double hi, long... shape) {
        INDArray a = Nd4j.create(DataType.FLOAT, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, lo + (hi - lo) * RNG.nextDouble());
        }
        return a;
    }

    /** |v| in [lo, hi] with a random sign: away from the kink at 0. */
    private static INDArray awayFromZero(double lo, double hi, long... shape) {
        INDArray a = uniform(lo, hi, shape);
        for (long i = 0; i < a.length(); i++) {
            if (RNG.nextBoolean()) {
                a.putScalar(i, -a.getDouble(i));
            }
        }
        return a;
    }

    /** Distinct values spaced 0.15 apart, shuffled: no ties within 2h for max. */
    private static INDArray distinct(long... shape) {
        INDArray a = Nd4j.create(DataType.FLOAT, shape);
        List<Double> values = new ArrayList<>();
        for (long i = 0; i < a.length(); i++) {
            values.add(-1.0 + 0.15 * i);
        }
        java.util.Collections.shuffle(values, RNG);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, values.get((int) i));
        }
        return a;
    }

    private static INDArray std(long... shape) {
        return uniform(-1, 1, shape);
    }

    private static Case unaryCase(OpKind kind, String name, INDArray init, Function<Expr, Expr> op) {
        return new Case(kind, name).param("p", init).body(v -> op.apply(v.get("p")));
    }

    static Stream<Case> cases() {
        List<Case> cs = new ArrayList<>();
        // ---- binary, with broadcasting
        cs.add(new Case(OpKind.ADD, "[4,3] + [4,3]").param("a", std(4, 3)).param("b", std(4, 3))
                .body(v -> v.get("a").plus(v.get("b"))));
        cs.add(new Case(OpKind.ADD, "input [B,3] + param [3]").input("x", std(BATCH, 3), Shape.ANY, 3)
                .param("b", std(3)).body(v -> v.get("x").plus(v.get("b"))));
        cs.add(new Case(OpKind.ADD, "[4,3] + [3] (both params)").param("a", std(4, 3)).param("b", std(3))
                .body(v -> v.get("a").plus(v.get("b"))));
        cs.add(new Case(OpKind.ADD, "[4,1] + [1,3] (outer)").param("a", std(4, 1)).param("b", std(1, 3))
                .body(v -> v.get("a").plus(v.get("b"))));
        cs.add(new Case(OpKind.ADD, "[4,3] + scalar constant").param("a", std(4, 3))
                .body(v -> v.get("a").plus(2.5)));
        cs.add(new Case(OpKind.SUB, "[4,3] - [4,3]").param("a", std(4, 3)).param("b", std(4, 3))
                .body(v -> v.get("a").minus(v.get("b"))));
        cs.add(new Case(OpKind.SUB, "[3] - [4,3] (both params)").param("a", std(3)).param("b", std(4, 3))
                .body(v -> v.get("a").minus(v.get("b"))));
        cs.add(new Case(OpKind.SUB, "input [B,3] - param [B?] [1,3]").input("x", std(BATCH, 3), Shape.ANY, 3)
                .param("b", std(1, 3)).body(v -> v.get("x").minus(v.get("b"))));
        cs.add(new Case(OpKind.MUL, "[4,3] * [4,3]").param("a", std(4, 3)).param("b", std(4, 3))
                .body(v -> v.get("a").times(v.get("b"))));
        cs.add(new Case(OpKind.MUL, "input [B,1] * param [1,1]").input("x", std(BATCH, 1), Shape.ANY, 1)
                .param("w", std(1, 1)).body(v -> v.get("x").times(v.get("w"))));
        cs.add(new Case(OpKind.MUL, "[4,1] * [1,1] (both params)").param("a", std(4, 1)).param("w", std(1, 1))
                .body(v -> v.get("a").times(v.get("w"))));
        cs.add(new Case(OpKind.MUL, "[2,3,4] * [3,1]").param("a", std(2, 3, 4)).param("b", std(3, 1))
                .body(v -> v.get("a").times(v.get("b"))));
        cs.add(new Case(OpKind.DIV, "[4,3] / [4,3]").param("a", std(4, 3)).param("b", awayFromZero(0.5, 1.5, 4, 3))
                .body(v -> v.get("a").div(v.get("b"))));
        cs.add(new Case(OpKind.DIV, "[4,3] / [3] (both params)").param("a", std(4, 3))
                .param("b", awayFromZero(0.5, 1.5, 3)).body(v -> v.get("a").div(v.get("b"))));
        cs.add(new Case(OpKind.DIV, "scalar param / [4,3]").param("s", uniform(0.5, 1.5))
                .param("b", awayFromZero(0.5, 1.5, 4, 3)).body(v -> v.get("s").div(v.get("b"))));
        INDArray ma = distinct(4, 3);
        cs.add(new Case(OpKind.MAXIMUM, "[4,3] max [4,3]").param("a", ma).param("b", ma.add(awayFromZero(0.1, 0.5, 4, 3)))
                .body(v -> Ops.maximum(v.get("a"), v.get("b"))));
        cs.add(new Case(OpKind.MAXIMUM, "[4,3] max scalar 0.05").param("a", awayFromZero(0.1, 1.0, 4, 3))
                .body(v -> Ops.maximum(v.get("a"), Ops.constant(0.05))));
        INDArray mb = distinct(4, 3);
        cs.add(new Case(OpKind.MINIMUM, "[4,3] min [4,3]").param("a", mb).param("b", mb.add(awayFromZero(0.1, 0.5, 4, 3)))
                .body(v -> Ops.minimum(v.get("a"), v.get("b"))));
        cs.add(new Case(OpKind.MINIMUM, "[4,3] min [3] (both params)").param("a", distinct(4, 3))
                .param("b", Nd4j.createFromArray(-0.93f, 0.07f, 0.88f))
                .body(v -> Ops.minimum(v.get("a"), v.get("b"))));
        cs.add(new Case(OpKind.MINIMUM, "input [B,3] min scalar 20").input("x", std(BATCH, 3), Shape.ANY, 3)
                .param("b", std(3)).body(v -> Ops.minimum(v.get("x").times(v.get("b")).times(30.0), Ops.constant(20))));
        // ---- unary
        cs.add(unaryCase(OpKind.NEG, "[4,3]", std(4, 3), Ops::neg));
        cs.add(unaryCase(OpKind.EXP, "[4,3]", uniform(-2, 1.5, 4, 3), Ops::exp));
        cs.add(unaryCase(OpKind.LOG, "[4,3] positive", uniform(0.5, 3, 4, 3), Ops::log));
        cs.add(unaryCase(OpKind.TANH, "[4,3]", uniform(-2, 2, 4, 3), Ops::tanh));
        cs.add(unaryCase(OpKind.SIGMOID, "[4,3]", uniform(-3, 3, 4, 3), Ops::sigmoid));
        cs.add(unaryCase(OpKind.RELU, "[4,3] away from 0", awayFromZero(0.1, 1.5, 4, 3), Ops::relu));
        cs.add(unaryCase(OpKind.ABS, "[4,3] away from 0", awayFromZero(0.1, 1.5, 4, 3), Ops::abs));
        cs.add(unaryCase(OpKind.SQUARE, "[4,3]", std(4, 3), Ops::square));
        cs.add(unaryCase(OpKind.SQRT, "[4,3] positive", uniform(0.5, 3, 4, 3), Ops::sqrt));
        cs.add(unaryCase(OpKind.SIN, "[4,3]", uniform(-3, 3, 4, 3), Ops::sin));
        cs.add(unaryCase(OpKind.COS, "[4,3]", uniform(-3, 3, 4, 3), Ops::cos));
        cs.add(unaryCase(OpKind.ERF, "[4,3]", uniform(-2, 2, 4, 3), Ops::erf));
        cs.add(unaryCase(OpKind.LOG1P, "[4,3] > -0.5", uniform(-0.5, 3, 4, 3), Ops::log1p));
        cs.add(unaryCase(OpKind.EXPM1, "[4,3]", uniform(-2, 1.5, 4, 3), Ops::expm1));
        cs.add(unaryCase(OpKind.POW, "p = 3", std(4, 3), a -> Ops.pow(a, 3)));
        cs.add(unaryCase(OpKind.POW, "p = 0.5, positive", uniform(0.5, 2, 4, 3), a -> Ops.pow(a, 0.5)));
        cs.add(unaryCase(OpKind.POW, "p = -1.5, positive", uniform(0.5, 2, 4, 3), a -> Ops.pow(a, -1.5)));
        cs.add(unaryCase(OpKind.LEAKY_RELU, "alpha 0.1 away from 0", awayFromZero(0.1, 1.5, 4, 3),
                a -> Ops.leakyRelu(a, 0.1)));
        cs.add(unaryCase(OpKind.LEAKY_RELU, "alpha 0.2 on [B,3]", awayFromZero(0.1, 1.5, 3),
                a -> Ops.leakyRelu(a, 0.2)));
        // ---- reductions
        cs.add(unaryCase(OpKind.SUM, "all of [4,3]", std(4, 3), Ops::sum));
        cs.add(unaryCase(OpKind.SUM, "axis 1 keepDims", std(4, 3), a -> Ops.sum(a, true, 1)));
        cs.add(unaryCase(OpKind.SUM, "axis 0", std(4, 3), a -> Ops.sum(a, false, 0)));
        cs.add(unaryCase(OpKind.SUM, "axes {0,2} of [2,3,4]", std(2, 3, 4), a -> Ops.sum(a, false, 0, 2)));
        cs.add(new Case(OpKind.SUM, "batch axis of input [B,3] * param [3]").input("x", std(BATCH, 3), Shape.ANY, 3)
                .param("b", std(3)).body(v -> Ops.sum(v.get("x").times(v.get("b")), false, 0)));
        cs.add(unaryCase(OpKind.MEAN, "all of [4,3]", std(4, 3), Ops::mean));
        cs.add(unaryCase(OpKind.MEAN, "axis 0 keepDims", std(4, 3), a -> Ops.mean(a, true, 0)));
        cs.add(unaryCase(OpKind.MEAN, "axis -1 of [2,3,4] keepDims", std(2, 3, 4), a -> Ops.mean(a, true, -1)));
        cs.add(unaryCase(OpKind.MEAN, "axes {1,2} of [2,3,4]", std(2, 3, 4), a -> Ops.mean(a, false, 1, 2)));
        cs.add(unaryCase(OpKind.MAX, "all of [4,3]", distinct(4, 3), a -> Ops.max(a, false)));
        cs.add(unaryCase(OpKind.MAX, "axis 1 keepDims", distinct(4, 3), a -> Ops.max(a, true, 1)));
        cs.add(unaryCase(OpKind.MAX, "axis 0", distinct(4, 3), a -> Ops.max(a, false, 0)));
        // ---- matmul
        cs.add(new Case(OpKind.MATMUL, "input [B,3] @ param [3,2]").input("x", std(BATCH, 3), Shape.ANY, 3)
                .param("w", std(3, 2)).body(v -> v.get("x").matmul(v.get("w"))));
        cs.add(new Case(OpKind.MATMUL, "[4,3] @ [3,2] (both params)").param("a", std(4, 3)).param("b", std(3, 2))
                .body(v -> v.get("a").matmul(v.get("b"))));
        cs.add(new Case(OpKind.MATMUL, "inner dim 1, batch 1: input [1,1] @ param [1,1]")
                .input("x", std(1, 1), Shape.ANY, 1).param("w", std(1, 1)).body(v -> v.get("x").matmul(v.get("w"))));
        cs.add(new Case(OpKind.MATMUL, "inner dim 1: [1,1] @ [1,1] (both params)").param("a", std(1, 1))
                .param("b", std(1, 1)).body(v -> v.get("a").matmul(v.get("b"))));
        cs.add(new Case(OpKind.MATMUL, "inner dim 1: [4,1] @ [1,3] (both params)").param("a", std(4, 1))
                .param("b", std(1, 3)).body(v -> v.get("a").matmul(v.get("b"))));
        cs.add(new Case(OpKind.MATMUL, "inner dim 1: input [B,1] @ param [1,2]").input("x", std(BATCH, 1), Shape.ANY, 1)
                .param("w", std(1, 2)).body(v -> v.get("x").matmul(v.get("w"))));
        cs.add(new Case(OpKind.MATMUL, "batch 1: [1,3] @ [3,1] (both params)").param("a", std(1, 3))
                .param("b", std(3, 1)).body(v -> v.get("a").matmul(v.get("b"))));
        cs.add(new Case(OpKind.MATMUL, "batch 1: input [1,3] @ param [3,1]").input("x", std(1, 3), Shape.ANY, 3)
                .param("w", std(3, 1)).body(v -> v.get("x").matmul(v.get("w"))));
        // ---- structure
        cs.add(unaryCase(OpKind.TRANSPOSE, "[3,4]", std(3, 4), Ops::transpose));
        cs.add(new Case(OpKind.TRANSPOSE, "[3,4].T @ [3,2]").param("a", std(3, 4)).param("b", std(3, 2))
                .body(v -> v.get("a").transpose().matmul(v.get("b"))));
        cs.add(unaryCase(OpKind.TRANSPOSE, "[2,3,4] (axes reversed)", std(2, 3, 4), Ops::transpose));
        cs.add(unaryCase(OpKind.RESHAPE, "[2,6] -> [3,4]", std(2, 6), a -> Ops.reshape(a, 3, 4)));
        cs.add(new Case(OpKind.RESHAPE, "input [B,6] * param [6] -> [B,2,3]").input("x", std(BATCH, 6), Shape.ANY, 6)
                .param("b", std(6)).body(v -> Ops.reshape(v.get("x").times(v.get("b")), Shape.ANY, 2, 3)));
        cs.add(unaryCase(OpKind.INDEX, "[3,4][1]", std(3, 4), a -> a.get(1)));
        cs.add(unaryCase(OpKind.INDEX, "[2,3,4][1][2]", std(2, 3, 4), a -> a.get(1, 2)));
        INDArray labels = Nd4j.createFromArray(2L, 0L, 3L, 3L, 1L);
        INDArray oneHot = Nd4j.createFromArray(new float[][] {
            {0, 0, 1, 0}, {1, 0, 0, 0}, {0, 0, 0, 1}, {0, 0, 0, 1}, {0, 1, 0, 0}});
        INDArray p = std(5, 4);
        cs.add(new Case(OpKind.ONE_HOT, "labels [5], depth 4 (value; gradient of the product)")
                .indexInput("y", labels, 5).param("p", p)
                .body(v -> Ops.oneHot(v.get("y"), 4).times(v.get("p"))).expect(oneHot.mul(p)));
        cs.add(unaryCase(OpKind.SOFTMAX, "axis 1 of [4,5]", uniform(-2, 2, 4, 5), a -> Ops.softmax(a, 1)));
        cs.add(unaryCase(OpKind.SOFTMAX, "axis 0 of [4,5]", uniform(-2, 2, 4, 5), a -> Ops.softmax(a, 0)));
        cs.add(unaryCase(OpKind.SOFTMAX, "axis -1, large logits", uniform(40, 44, 3, 4), a -> Ops.softmax(a, -1)));
        cs.add(unaryCase(OpKind.LOG_SOFTMAX, "axis 1 of [4,5]", uniform(-2, 2, 4, 5), a -> Ops.logSoftmax(a, 1)));
        cs.add(unaryCase(OpKind.LOG_SOFTMAX, "axis 0 of [4,5]", uniform(-2, 2, 4, 5), a -> Ops.logSoftmax(a, 0)));
        cs.add(unaryCase(OpKind.LOG_SOFTMAX, "axis -1, large logits", uniform(40, 44, 3, 4), a -> Ops.logSoftmax(a, -1)));
        // ---- convolution and pooling (NCHW, torch's layouts)
        cs.add(new Case(OpKind.CONV2D, "input [B,2,5,5] * w [3,2,3,3] + b, padding 1").input("x", std(2, 2, 5, 5), Shape.ANY, 2, 5, 5)
                .param("w", std(3, 2, 3, 3)).param("b", std(3))
                .body(v -> ConvOps.conv2d(v.get("x"), v.get("w"), v.get("b"), Window2d.of(3, 3).withPadding(1, 1))));
        cs.add(new Case(OpKind.CONV2D, "both params, 2x3 kernel, stride 2, dilation (2, 1), no bias").param("x", std(1, 2, 7, 6))
                .param("w", std(2, 2, 2, 3))
                .body(v -> ConvOps.conv2d(v.get("x"), v.get("w"), null, Window2d.of(2, 3).withStride(2, 2).withDilation(2, 1))));
        cs.add(new Case(OpKind.CONV2D, "conv1d: [B,3,8] * w [2,3,3] + b, stride 2, padding 1").input("x", std(2, 3, 8), Shape.ANY, 3, 8)
                .param("w", std(2, 3, 3)).param("b", std(2)).body(v -> ConvOps.conv1d(v.get("x"), v.get("w"), v.get("b"), 2, 1, 1)));
        cs.add(unaryCase(OpKind.MAX_POOL2D, "2x2 of [2,2,4,4], distinct", distinct(2, 2, 4, 4),
                a -> ConvOps.maxPool2d(a, Window2d.of(2, 2).withStride(2, 2))));
        cs.add(unaryCase(OpKind.MAX_POOL2D, "3x3, stride 2, padding 1 of [1,2,5,5], distinct", distinct(1, 2, 5, 5),
                a -> ConvOps.maxPool2d(a, Window2d.of(3, 3).withStride(2, 2).withPadding(1, 1))));
        cs.add(unaryCase(OpKind.MAX_POOL2D, "maxPool1d 2 of [2,2,6], distinct", distinct(2, 2, 6), a -> ConvOps.maxPool1d(a, 2, 2, 0)));
        cs.add(unaryCase(OpKind.AVG_POOL2D, "2x2 of [2,2,4,4]", std(2, 2, 4, 4),
                a -> ConvOps.avgPool2d(a, Window2d.of(2, 2).withStride(2, 2))));
        INDArray avgIn = Nd4j.arange(1, 10).castTo(DataType.FLOAT).reshape(1, 1, 3, 3);
        cs.add(unaryCase(OpKind.AVG_POOL2D, "3x3, stride 2, padding 1 of [1,1,3,3] (padding counted)", avgIn,
                a -> ConvOps.avgPool2d(a, Window2d.of(3, 3).withStride(2, 2).withPadding(1, 1)))
                // torch: count_include_pad=True divides every window by 9: (1+2+4+5)/9, (2+3+5+6)/9, ...
                .expect(Nd4j.createFromArray(12f / 9, 16f / 9, 24f / 9, 28f / 9).reshape(1, 1, 2, 2)));
        // ---- running statistics: the batch's in a training step (the evaluation loss is another function)
        cs.add(new Case(OpKind.RUNNING_STAT, "batchNorm over [5,3] (BUFFER too), training mode").param("x", std(5, 3))
                .param("g", uniform(0.5, 1.5, 3)).param("b", std(3)).training()
                .body(v -> Functional.batchNorm(v.get("x"), v.get("g"), v.get("b"), Ops.buffer("rm", Nd4j.zeros(DataType.FLOAT, 3)),
                        Ops.buffer("rv", Nd4j.ones(DataType.FLOAT, 3)), 1e-5, 0.1)));
        cs.add(new Case(OpKind.BUFFER, "batchNorm over [2,3,2,2] input, training mode").input("x", std(2, 3, 2, 2), Shape.ANY, 3, 2, 2)
                .param("g", uniform(0.5, 1.5, 3)).param("b", std(3)).training()
                .body(v -> Functional.batchNorm(v.get("x"), v.get("g"), v.get("b"), Ops.buffer("rm", Nd4j.zeros(DataType.FLOAT, 3)),
                        Ops.buffer("rv", Nd4j.ones(DataType.FLOAT, 3)), 1e-5, 0.1)));
        // ---- a composite: a two-layer perceptron
        cs.add(new Case(OpKind.MATMUL, "tanh(x @ W1 + b1) @ W2 + b2").input("x", std(BATCH, 3), Shape.ANY, 3)
                .param("w1", std(3, 5)).param("b1", std(5)).param("w2", std(5, 2)).param("b2", std(2))
                .body(v -> Ops.tanh(v.get("x").matmul(v.get("w1")).plus(v.get("b1"))).matmul(v.get("w2")).plus(v.get("b2"))));
        return cs.stream();
    }

    @Test
    void everyLoweredOpKindHasACase() {
        Set<OpKind> covered = EnumSet.noneOf(OpKind.class);
        cases().forEach(c -> covered.add(c.kind));
        Set<OpKind> missing = EnumSet.complementOf(EnumSet.of(OpKind.PARAM, OpKind.INPUT, OpKind.CONSTANT));
        missing.removeAll(covered);
        assertTrue(missing.isEmpty(), "op kinds without a gradient case: " + missing);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesFiniteDifferences(Case c) {
        Map<String, Expr> vars = new LinkedHashMap<>();
        c.params.forEach((n, v) -> vars.put(n, Ops.param(n, v)));
        c.inputDims.forEach((n, d) -> vars.put(n, c.indexInputs.contains(n) ? Ops.indexInput(n, d) : Ops.input(n, d)));
        Expr out = c.body.apply(vars);

        Map<String, INDArray> feed = new LinkedHashMap<>(c.feed);
        Expr loss;
        if (out.shape().isScalar()) {
            loss = out.times(0.7310585786);
        } else {
            long[] concrete = out.shape().dims();
            for (int i = 0; i < concrete.length; i++) {
                if (concrete[i] == Shape.ANY) {
                    concrete[i] = c.feed.values().iterator().next().size(0);
                }
            }
            feed.put("upstream", uniform(-1, 1, concrete));
            loss = Ops.sum(out.times(Ops.input("upstream", out.shape().dims())));
        }
        ModelGraph graph = ModelGraph.builder().output("out", out).loss(loss).build();
        try (CompiledModel m = GraphCompiler.compile(graph)) {
            if (c.expectedValue != null) {
                INDArray value = m.output(feed, List.of("out")).get("out");
                INDArray expected = c.expectedValue;
                assertArrayEquals(expected.shape(), value.shape(), "forward shape");
                assertTrue(expected.equalsWithEps(value, 1e-6), "forward value: expected " + expected + " got " + value);
            }
            double lossValue = m.computeGradients(feed);
            if (!c.training) {
                assertEquals(m.loss(feed), lossValue, 1e-6 * Math.max(1, Math.abs(lossValue)),
                        "computeGradients returns the loss");
            }
            for (String name : m.parameterNames()) {
                INDArray analytic = m.gradients().get(name).dup();
                INDArray live = m.parameters().get(name);
                assertArrayEquals(live.shape(), analytic.shape(), "gradient shape of " + name);
                for (long i = 0; i < live.length(); i++) {
                    double fd = fivePoint(m, feed, live, i, c.training);
                    double g = analytic.getDouble(i);
                    double tol = ABS_TOL + REL_TOL * Math.max(Math.abs(fd), Math.abs(g));
                    long flat = i;
                    assertTrue(Math.abs(g - fd) <= tol, () -> c.name + ": d loss / d " + name + " at flat index " + flat
                            + " of " + Arrays.toString(live.shape()) + ": analytic " + g + " vs finite difference " + fd);
                }
            }
        }
    }

    /** Five-point central difference of the compiled loss in element {@code i} of a live parameter. */
    private static double fivePoint(CompiledModel m, Map<String, INDArray> feed, INDArray live, long i, boolean training) {
        double orig = live.getDouble(i);
        double[] f = new double[4];
        double[] offsets = {2 * H, H, -H, -2 * H};
        for (int k = 0; k < 4; k++) {
            live.putScalar(i, (float) (orig + offsets[k]));
            f[k] = training ? m.computeGradients(feed) : m.loss(feed);
        }
        live.putScalar(i, (float) orig);
        if (training) {
            m.computeGradients(feed); // the gradients of the unperturbed point again, for the next parameter
        }
        return (-f[0] + 8 * f[1] - 8 * f[2] + f[3]) / (12 * H);
    }
}

package dev.descent.graph;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Static factories for every expression. Each one checks its operands' shapes at once and throws a
 * {@link ShapeException} naming the expression, the shapes and the fix.
 *
 * <pre>{@code
 * Expr a = Ops.param("a", Nd4j.scalar(1f));
 * Expr b = Ops.param("b", Nd4j.scalar(1f));
 * Expr bowl = a.square().plus(b.square());     // a^2 + b^2
 * }</pre>
 */
public final class Ops {
    /** Attribute keys, shared with the compiler. */
    public static final String INIT = "init";
    public static final String VALUE = "value";
    public static final String DTYPE = "dtype";
    public static final String AXES = "axes";
    public static final String AXIS = "axis";
    public static final String KEEP_DIMS = "keepDims";
    public static final String P = "p";
    public static final String ALPHA = "alpha";
    public static final String INDEX = "index";
    public static final String DEPTH = "depth";
    public static final String SHAPE = "shape";
    public static final String MOMENTUM = "momentum";
    public static final String UNBIASED = "unbiased";
    /** Input dtype value for integer class indices. */
    public static final String INT_INDICES = "int64";

    private Ops() {
    }

    // ------------------------------------------------------------------ leaves

    /**
     * A trainable parameter starting at {@code initial} (copied, as float32). Its shape is the
     * initial value's shape and must be fully known.
     */
    public static Expr param(String name, INDArray initial) {
        requireName("param", name);
        Objects.requireNonNull(initial, "initial");
        INDArray copy = initial.castTo(DataType.FLOAT).dup();
        return new Node(OpKind.PARAM, List.of(), Map.of(INIT, copy), Shape.of(copy.shape()), name);
    }

    /** A float input fed with each batch; use {@link Shape#ANY} for the batch dimension. */
    public static Expr input(String name, long... dims) {
        requireName("input", name);
        return new Node(OpKind.INPUT, List.of(), Map.of(DTYPE, "float32"), Shape.of(dims), name);
    }

    /** An input of integer class indices (fed as any integer or float array of whole numbers). */
    public static Expr indexInput(String name, long... dims) {
        requireName("indexInput", name);
        return new Node(OpKind.INPUT, List.of(), Map.of(DTYPE, INT_INDICES), Shape.of(dims), name);
    }

    /**
     * A buffer: state that travels with the parameters (model files, checkpoints) but is not
     * trained by gradients, such as a batch norm's running mean. Starts at {@code initial} (copied,
     * as float32); only a {@link #runningStat} moves it.
     */
    public static Expr buffer(String name, INDArray initial) {
        requireName("buffer", name);
        Objects.requireNonNull(initial, "initial");
        INDArray copy = initial.castTo(DataType.FLOAT).dup();
        return new Node(OpKind.BUFFER, List.of(), Map.of(INIT, copy), Shape.of(copy.shape()), name);
    }

    /**
     * A running statistic, as torch's batch norm keeps one: in training steps the value of
     * {@code batchStat} (computed from the batch), when evaluating the {@code buffer}'s value
     * (reshaped to {@code batchStat}'s shape). After every training step the buffer becomes
     * {@code (1 - momentum) * buffer + momentum * s}, where {@code s} is the step's statistic,
     * times {@code n / (n - 1)} when {@code unbiased} (Bessel's correction, n being the number of
     * elements of {@code source} per element of the statistic: torch's running variance). The
     * statistic needs a fixed shape (the batch axis reduced) with as many elements as the buffer.
     */
    public static Expr runningStat(Expr batchStat, Expr buffer, Expr source, double momentum, boolean unbiased) {
        String what = "runningStat(" + batchStat.name() + ", " + buffer.name() + ")";
        if (buffer.op() != OpKind.BUFFER) {
            throw new ShapeException(what + ": " + buffer.name() + " is not a buffer. Fix: create it with Ops.buffer(name, initial).");
        }
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new ShapeException(what + ": momentum = " + momentum + "; it must be in [0, 1] (torch's default is 0.1)");
        }
        if (!batchStat.shape().isFixed() || batchStat.shape().size() != buffer.shape().size()) {
            throw new ShapeException(what + ": the statistic has shape " + batchStat.shape() + " and the buffer " + buffer.shape()
                    + "; the statistic must have the batch axis reduced and as many elements as the buffer.");
        }
        return new Node(OpKind.RUNNING_STAT, List.of(batchStat, buffer, source), Map.of(MOMENTUM, momentum, UNBIASED, unbiased),
                batchStat.shape(), shorten("running(" + buffer.name() + ")"));
    }

    /** A scalar constant. */
    public static Expr constant(double value) {
        if (Double.isNaN(value)) {
            throw new ShapeException("Invalid constant: NaN; a constant must be a number (did a computation upstream fail?)");
        }
        return new Node(OpKind.CONSTANT, List.of(), Map.of(VALUE, value), Shape.scalar(), formatScalar(value));
    }

    /** A constant array (copied, as float32). */
    public static Expr constant(INDArray value) {
        INDArray copy = value.castTo(DataType.FLOAT).dup();
        return new Node(OpKind.CONSTANT, List.of(), Map.of(VALUE, copy), Shape.of(copy.shape()),
                "const" + Arrays.toString(copy.shape()));
    }

    // ------------------------------------------------------------------ elementwise binary

    public static Expr add(Expr a, Expr b) {
        return binary(OpKind.ADD, "+", a, b);
    }

    public static Expr sub(Expr a, Expr b) {
        return binary(OpKind.SUB, "-", a, b);
    }

    public static Expr mul(Expr a, Expr b) {
        return binary(OpKind.MUL, "*", a, b);
    }

    public static Expr div(Expr a, Expr b) {
        return binary(OpKind.DIV, "/", a, b);
    }

    /** Elementwise maximum of two expressions (broadcasting). */
    public static Expr maximum(Expr a, Expr b) {
        return binary(OpKind.MAXIMUM, "max", a, b);
    }

    /** Elementwise minimum of two expressions (broadcasting). */
    public static Expr minimum(Expr a, Expr b) {
        return binary(OpKind.MINIMUM, "min", a, b);
    }

    private static Expr binary(OpKind op, String symbol, Expr a, Expr b) {
        long[] out = Shape.broadcast(a.shape(), b.shape());
        String label = "(" + a.name() + " " + symbol + " " + b.name() + ")";
        if (out == null) {
            throw new ShapeException("Shape mismatch in " + shorten(label) + ": " + a.name() + a.shape() + " and "
                    + b.name() + b.shape() + " do not broadcast (each trailing dimension must be equal, or 1 on one side). "
                    + "Fix: reshape one operand, or use matmul if a matrix product was meant.");
        }
        return new Node(op, List.of(a, b), Map.of(), Shape.of(out), shorten(label));
    }

    // ------------------------------------------------------------------ elementwise unary

    public static Expr neg(Expr a) {
        return unary(OpKind.NEG, a, Map.of());
    }

    public static Expr exp(Expr a) {
        return unary(OpKind.EXP, a, Map.of());
    }

    public static Expr log(Expr a) {
        return unary(OpKind.LOG, a, Map.of());
    }

    public static Expr tanh(Expr a) {
        return unary(OpKind.TANH, a, Map.of());
    }

    public static Expr sigmoid(Expr a) {
        return unary(OpKind.SIGMOID, a, Map.of());
    }

    public static Expr relu(Expr a) {
        return unary(OpKind.RELU, a, Map.of());
    }

    public static Expr abs(Expr a) {
        return unary(OpKind.ABS, a, Map.of());
    }

    public static Expr square(Expr a) {
        return unary(OpKind.SQUARE, a, Map.of());
    }

    public static Expr sqrt(Expr a) {
        return unary(OpKind.SQRT, a, Map.of());
    }

    public static Expr sin(Expr a) {
        return unary(OpKind.SIN, a, Map.of());
    }

    public static Expr cos(Expr a) {
        return unary(OpKind.COS, a, Map.of());
    }

    /** The Gauss error function. */
    public static Expr erf(Expr a) {
        return unary(OpKind.ERF, a, Map.of());
    }

    /** {@code log(1 + a)}, accurate where {@code a} is tiny (unlike {@code log(1 + a)} in float32). */
    public static Expr log1p(Expr a) {
        return unary(OpKind.LOG1P, a, Map.of());
    }

    /** {@code exp(a) - 1}, accurate where {@code a} is near zero. */
    public static Expr expm1(Expr a) {
        return unary(OpKind.EXPM1, a, Map.of());
    }

    /** {@code a^p} for a scalar exponent. */
    public static Expr pow(Expr a, double p) {
        if (!Double.isFinite(p)) {
            throw new ShapeException("Invalid exponent in pow(" + a.name() + ", p): p = " + p + "; p must be finite");
        }
        return unary(OpKind.POW, a, Map.of(P, p));
    }

    /** Leaky ReLU: {@code x} for x > 0, {@code alpha * x} otherwise. */
    public static Expr leakyRelu(Expr a, double alpha) {
        if (!Double.isFinite(alpha)) {
            throw new ShapeException("Invalid negative slope for leakyRelu(" + a.name() + "): alpha = " + alpha
                    + "; the slope must be a finite number such as 0.01");
        }
        return unary(OpKind.LEAKY_RELU, a, Map.of(ALPHA, alpha));
    }

    private static Expr unary(OpKind op, Expr a, Map<String, Object> attrs) {
        return new Node(op, List.of(a), attrs, a.shape(), shorten(op.name().toLowerCase() + "(" + a.name() + ")"));
    }

    // ------------------------------------------------------------------ reductions

    /** Sum of all elements (a scalar). */
    public static Expr sum(Expr a) {
        return reduce(OpKind.SUM, a, false);
    }

    /** Sum along the given axes. */
    public static Expr sum(Expr a, boolean keepDims, int... axes) {
        return reduce(OpKind.SUM, a, keepDims, axes);
    }

    /** Mean of all elements (a scalar). */
    public static Expr mean(Expr a) {
        return reduce(OpKind.MEAN, a, false);
    }

    /** Mean along the given axes. */
    public static Expr mean(Expr a, boolean keepDims, int... axes) {
        return reduce(OpKind.MEAN, a, keepDims, axes);
    }

    /** Maximum along the given axes (all axes when none are given). */
    public static Expr max(Expr a, boolean keepDims, int... axes) {
        return reduce(OpKind.MAX, a, keepDims, axes);
    }

    private static Expr reduce(OpKind op, Expr a, boolean keepDims, int... axes) {
        Shape s = a.shape();
        boolean[] reduced = new boolean[s.rank()];
        int[] normalized = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            normalized[i] = s.normalizeAxis(axes[i]);
            reduced[normalized[i]] = true;
        }
        if (axes.length == 0) {
            Arrays.fill(reduced, true);
        }
        long[] dims = s.dims();
        long[] out = new long[keepDims ? dims.length : countFalse(reduced)];
        for (int i = 0, j = 0; i < dims.length; i++) {
            if (reduced[i]) {
                if (keepDims) {
                    out[j++] = 1;
                }
            } else {
                out[j++] = dims[i];
            }
        }
        Arrays.sort(normalized);
        return new Node(op, List.of(a), Map.of(AXES, normalized, KEEP_DIMS, keepDims), Shape.of(out),
                shorten(op.name().toLowerCase() + "(" + a.name() + ")"));
    }

    private static int countFalse(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            if (!f) {
                n++;
            }
        }
        return n;
    }

    // ------------------------------------------------------------------ structure

    /** Matrix product of two rank-2 expressions: [m, k] @ [k, n] -> [m, n]. */
    public static Expr matmul(Expr a, Expr b) {
        String label = shorten("(" + a.name() + " @ " + b.name() + ")");
        if (a.shape().rank() != 2 || b.shape().rank() != 2) {
            throw new ShapeException("matmul " + label + " needs two rank-2 operands, got " + a.name() + a.shape()
                    + " and " + b.name() + b.shape() + ". Fix: reshape the operands to [rows, cols].");
        }
        long k1 = a.shape().dim(1);
        long k2 = b.shape().dim(0);
        if (k1 != k2 || k1 == Shape.ANY) {
            throw new ShapeException("Shape mismatch in matmul " + label + ": " + a.name() + a.shape() + " @ "
                    + b.name() + b.shape() + " needs the inner dimensions to agree (" + dimText(k1) + " vs "
                    + dimText(k2) + "). Fix: the layer after a " + dimText(k1) + "-wide output needs " + dimText(k1)
                    + " inputs (weight of shape [" + dimText(k1) + ", " + dimText(b.shape().dim(1)) + "]).");
        }
        return new Node(OpKind.MATMUL, List.of(a, b), Map.of(), Shape.of(a.shape().dim(0), b.shape().dim(1)), label);
    }

    /** Reverses the axes (the matrix transpose for rank 2). */
    public static Expr transpose(Expr a) {
        long[] d = a.shape().dims();
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = d[d.length - 1 - i];
        }
        return new Node(OpKind.TRANSPOSE, List.of(a), Map.of(), Shape.of(out), shorten(a.name() + ".T"));
    }

    /** Reshape; at most one dimension may be {@link Shape#ANY} and the element counts must agree. */
    public static Expr reshape(Expr a, long... dims) {
        Shape target = Shape.of(dims);
        Shape s = a.shape();
        int anyCount = 0;
        for (long d : dims) {
            if (d == Shape.ANY) {
                anyCount++;
            }
        }
        if (anyCount > 1) {
            throw new ShapeException("reshape(" + a.name() + ", " + target + "): at most one batch dimension is allowed");
        }
        if (s.isFixed() && target.isFixed() && s.size() != target.size()) {
            throw new ShapeException("reshape(" + a.name() + ") from " + s + " (" + s.size() + " elements) to " + target
                    + " (" + target.size() + " elements): the element counts must agree");
        }
        if (s.isFixed() != target.isFixed()) {
            throw new ShapeException("reshape(" + a.name() + ") from " + s + " to " + target
                    + ": the batch dimension must be kept (write -1 for it in the target shape)");
        }
        return new Node(OpKind.RESHAPE, List.of(a), Map.of(SHAPE, target.dims()), target,
                shorten("reshape(" + a.name() + ")"));
    }

    /** Element {@code i} along axis 0; drops that axis. */
    public static Expr index(Expr a, int i) {
        Shape s = a.shape();
        if (s.rank() == 0) {
            throw new ShapeException("Cannot index the scalar " + a.name() + " with [" + i + "]: it has no axes");
        }
        long n = s.dim(0);
        if (i < 0 || (n != Shape.ANY && i >= n)) {
            throw new ShapeException("Index " + i + " is out of range for " + a.name() + s + "; valid indices are 0.."
                    + (n == Shape.ANY ? "batch-1" : Long.toString(n - 1)));
        }
        long[] d = s.dims();
        return new Node(OpKind.INDEX, List.of(a), Map.of(INDEX, i), Shape.of(Arrays.copyOfRange(d, 1, d.length)),
                shorten(a.name() + "[" + i + "]"));
    }

    /** One-hot encoding of integer class indices: [batch] -> [batch, depth]. */
    public static Expr oneHot(Expr indices, int depth) {
        if (depth < 1) {
            throw new ShapeException("oneHot(" + indices.name() + ", depth): depth = " + depth + "; it must be >= 1 (the number of classes)");
        }
        if (indices.shape().rank() != 1) {
            throw new ShapeException("oneHot(" + indices.name() + ") needs a rank-1 vector of class indices, got shape "
                    + indices.shape() + ". Fix: declare the labels as Ops.indexInput(name, Shape.ANY).");
        }
        return new Node(OpKind.ONE_HOT, List.of(indices), Map.of(DEPTH, depth),
                Shape.of(indices.shape().dim(0), depth), shorten("oneHot(" + indices.name() + ")"));
    }

    public static Expr softmax(Expr a, int axis) {
        return new Node(OpKind.SOFTMAX, List.of(a), Map.of(AXIS, a.shape().normalizeAxis(axis)), a.shape(),
                shorten("softmax(" + a.name() + ")"));
    }

    public static Expr logSoftmax(Expr a, int axis) {
        return new Node(OpKind.LOG_SOFTMAX, List.of(a), Map.of(AXIS, a.shape().normalizeAxis(axis)), a.shape(),
                shorten("logSoftmax(" + a.name() + ")"));
    }

    // ------------------------------------------------------------------ helpers

    private static void requireName(String what, String name) {
        if (name == null || name.isBlank() || !name.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
            throw new ShapeException("Invalid " + what + " name '" + name + "': use letters, digits, '_', '.' or '-', "
                    + "starting with a letter or '_' (e.g. \"w\", \"layer1.weight\")");
        }
    }

    private static String dimText(long d) {
        return d == Shape.ANY ? "batch" : Long.toString(d);
    }

    private static String formatScalar(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    static String shorten(String label) {
        return label.length() <= 80 ? label : label.substring(0, 77) + "...";
    }

}

package dev.descent.compile;

import dev.descent.graph.ConvOps;
import dev.descent.graph.Expr;
import dev.descent.graph.OpKind;
import dev.descent.graph.Window2d;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import java.util.IdentityHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Lowers each IR node to SameDiff ops, one node at a time, in topological order. */
final class Lowering {
    /** Scalar placeholders fed by the compiled model: 1 and 0 in training steps, 0 and 1 when evaluating. */
    static final String TRAINING = "descent.training";
    static final String EVALUATING = "descent.evaluating";

    private final SameDiff sd;
    private final Map<Expr, SDVariable> vars = new IdentityHashMap<>();

    private Lowering(SameDiff sd) {
        this.sd = sd;
    }

    static Map<Expr, SDVariable> lower(SameDiff sd, ModelGraph graph) {
        Lowering l = new Lowering(sd);
        for (Expr e : graph.topologicalOrder()) {
            l.vars.put(e, l.lowerNode(e));
        }
        return l.vars;
    }

    private SDVariable in(Expr e, int i) {
        return vars.get(e.inputs().get(i));
    }

    private SDVariable lowerNode(Expr e) {
        Map<String, Object> a = e.attrs();
        switch (e.op()) {
            case PARAM:
                return sd.var(e.name(), ((INDArray) a.get(Ops.INIT)).dup());
            case INPUT:
                DataType dt = Ops.INT_INDICES.equals(a.get(Ops.DTYPE)) ? DataType.INT64 : DataType.FLOAT;
                return sd.placeHolder(e.name(), dt, e.shape().dims());
            case BUFFER:
                return sd.placeHolder(e.name(), DataType.FLOAT, e.shape().dims());
            case RUNNING_STAT:
                return runningStat(e);
            case CONV2D:
                return conv2d(e);
            case MAX_POOL2D:
            case AVG_POOL2D:
                return pool(e);
            case CONSTANT:
                Object v = a.get(Ops.VALUE);
                INDArray arr = v instanceof INDArray ia ? ia.dup() : Nd4j.scalar(((Double) v).floatValue());
                return sd.constant(arr);
            case ADD:
                return in(e, 0).add(in(e, 1));
            case SUB:
                return in(e, 0).sub(in(e, 1));
            case MUL:
                return in(e, 0).mul(in(e, 1));
            case DIV:
                return in(e, 0).div(in(e, 1));
            case MAXIMUM:
                return sd.math.max(broadcastTo(e, 0), broadcastTo(e, 1));
            case MINIMUM:
                return sd.math.min(broadcastTo(e, 0), broadcastTo(e, 1));
            case NEG:
                return in(e, 0).neg();
            case EXP:
                return sd.math.exp(in(e, 0));
            case LOG:
                return sd.math.log(in(e, 0));
            case TANH:
                return sd.math.tanh(in(e, 0));
            case SIGMOID:
                return sd.nn.sigmoid(in(e, 0));
            case RELU:
                return sd.nn.relu(in(e, 0), 0.0);
            case ABS:
                return sd.math.abs(in(e, 0));
            case SQUARE:
                // x * x, not sd.math.square: the latter's gradient goes through _powderivative,
                // a transcendental pow per element (a quarter of a 1M-row MSE step); a product's
                // gradient is two multiplies. The values are the same bits.
                return in(e, 0).mul(in(e, 0));
            case SQRT:
                return sd.math.sqrt(in(e, 0));
            case SIN:
                return sd.math.sin(in(e, 0));
            case COS:
                return sd.math.cos(in(e, 0));
            case ERF:
                return sd.math.erf(in(e, 0));
            case LOG1P:
                return sd.math.log1p(in(e, 0));
            case EXPM1:
                return sd.math.expm1(in(e, 0));
            case POW:
                return sd.math.pow(in(e, 0), (Double) a.get(Ops.P));
            case LEAKY_RELU:
                return leakyRelu(in(e, 0), (Double) a.get(Ops.ALPHA));
            case SUM:
                return in(e, 0).sum((Boolean) a.get(Ops.KEEP_DIMS), axes(e));
            case MEAN:
                return in(e, 0).mean((Boolean) a.get(Ops.KEEP_DIMS), axes(e));
            case MAX:
                return in(e, 0).max((Boolean) a.get(Ops.KEEP_DIMS), axes(e));
            case MATMUL:
                return matmul(e);
            case TRANSPOSE:
                return e.shape().rank() == 2 ? sd.transpose(in(e, 0)) : sd.permute(in(e, 0), reversedAxes(e.shape().rank()));
            case RESHAPE:
                return sd.reshape(in(e, 0), (long[]) a.get(Ops.SHAPE));
            case INDEX:
                return index(e);
            case ONE_HOT:
                return sd.oneHot(in(e, 0), (Integer) a.get(Ops.DEPTH), -1, 1.0, 0.0, DataType.FLOAT);
            case SOFTMAX:
                return sd.nn.softmax(in(e, 0), (Integer) a.get(Ops.AXIS));
            case LOG_SOFTMAX:
                return logSoftmax(in(e, 0), (Integer) a.get(Ops.AXIS));
            default:
                throw new IllegalStateException("No lowering for " + e.op());
        }
    }

    /**
     * {@code batch * training + buffer * evaluating}: exactly the batch's statistic in a training
     * step (x * 1 + b * 0) and exactly the buffer's when evaluating, through one graph; the
     * statistic's gradient is multiplied by 1 (training) or 0.
     */
    private SDVariable runningStat(Expr e) {
        SDVariable training = flag(TRAINING);
        SDVariable evaluating = flag(EVALUATING);
        SDVariable buffer = sd.reshape(in(e, 1), e.shape().dims());
        return in(e, 0).mul(training).add(buffer.mul(evaluating));
    }

    private SDVariable flag(String name) {
        return sd.hasVariable(name) ? sd.getVariable(name) : sd.placeHolder(name, DataType.FLOAT);
    }

    /**
     * libnd4j's conv2d on NCHW input with explicit padding. The weight, [out, in, kh, kw] as in
     * torch, is permuted to libnd4j's default [kh, kw, in, out]: in 1.0.0-M2.1 {@code conv2d_bp}
     * ignores the weights-format argument (with OIYX it fails validation, or silently computes the
     * wrong input gradient where the shapes happen to agree; the golden layer tests caught both).
     */
    private SDVariable conv2d(Expr e) {
        Window2d w = (Window2d) e.attrs().get(ConvOps.WINDOW);
        Conv2DConfig cfg = Conv2DConfig.builder().kH(w.kernelH()).kW(w.kernelW()).sH(w.strideH()).sW(w.strideW())
                .pH(w.padH()).pW(w.padW()).dH(w.dilationH()).dW(w.dilationW()).paddingMode(PaddingMode.VALID)
                .dataFormat(Conv2DConfig.NCHW).build();
        SDVariable weight = sd.permute(in(e, 1), 2, 3, 1, 0);
        return e.inputs().size() == 3 ? sd.cnn.conv2d(in(e, 0), weight, in(e, 2), cfg) : sd.cnn.conv2d(in(e, 0), weight, cfg);
    }

    /**
     * libnd4j's pooling over NCHW. torch's average pooling divides every window by kh * kw, padding
     * included ({@code count_include_pad=True}). libnd4j 1.0.0-M2.1 can divide so in the forward op
     * (its {@code extra} argument 1), but {@code avgpool2d_bp} then still divides by the window's
     * cells inside the input (the gradient test caught it). So the average is taken over the
     * cells inside (libnd4j's default, consistent both ways) and scaled by a constant per output
     * position, cells inside / (kh * kw): 1 without padding, where no multiply is emitted.
     */
    private SDVariable pool(Expr e) {
        Window2d w = (Window2d) e.attrs().get(ConvOps.WINDOW);
        boolean max = e.op() == OpKind.MAX_POOL2D;
        Pooling2DConfig cfg = Pooling2DConfig.builder().kH(w.kernelH()).kW(w.kernelW()).sH(w.strideH()).sW(w.strideW())
                .pH(w.padH()).pW(w.padW()).dH(1).dW(1).paddingMode(PaddingMode.VALID).isNHWC(false)
                .type(max ? Pooling2D.Pooling2DType.MAX : Pooling2D.Pooling2DType.AVG)
                .divisor(Pooling2D.Divisor.EXCLUDE_PADDING).extra(0.0).build();
        if (max) {
            return sd.cnn.maxPooling2d(in(e, 0), cfg);
        }
        SDVariable avg = sd.cnn.avgPooling2d(in(e, 0), cfg);
        if (w.padH() == 0 && w.padW() == 0) {
            return avg;
        }
        long[] inDims = e.inputs().get(0).shape().dims();
        long[] outDims = e.shape().dims();
        float[] scale = new float[Math.toIntExact(outDims[2] * outDims[3])];
        for (int i = 0; i < outDims[2]; i++) {
            long rows = inside(i * w.strideH() - w.padH(), w.kernelH(), inDims[2]);
            for (int j = 0; j < outDims[3]; j++) {
                long cols = inside(j * w.strideW() - w.padW(), w.kernelW(), inDims[3]);
                scale[Math.toIntExact(i * outDims[3] + j)] = (float) ((double) (rows * cols) / (w.kernelH() * w.kernelW()));
            }
        }
        return avg.mul(sd.constant(Nd4j.create(scale, new long[] {1, 1, outDims[2], outDims[3]}, 'c')));
    }

    /** Cells of a window starting at {@code start} (may be negative: padding) of {@code k} cells inside [0, size). */
    private static long inside(long start, long k, long size) {
        return Math.min(start + k, size) - Math.max(start, 0);
    }

    /**
     * SameDiff's {@code matmul_bp} fails when the inner dimension is 1 (e.g. a [1,1] weight at
     * batch size 1: "NDArray::mulRowVector: wrong arguments"). An outer product [m,1] @ [1,n] is
     * exactly the broadcast product [m,1] * [1,n], whose gradient is sound, so lower it that way.
     */
    private SDVariable matmul(Expr e) {
        Shape left = e.inputs().get(0).shape();
        if (left.dim(1) == 1) {
            return in(e, 0).mul(in(e, 1));
        }
        return sd.mmul(in(e, 0), in(e, 1));
    }

    /**
     * SameDiff's {@code leakyrelu_bp} passes the full gradient at x = 0, where torch passes
     * {@code alpha * g} (its backward tests {@code x > 0}). Composed as
     * {@code relu(x) + alpha * (x - relu(x))}: exactly x for x > 0 and exactly alpha x for x < 0
     * (no rounding from a weighted sum), and at 0 the gradient is relu'(0) = 0 plus alpha * (1 - 0).
     */
    private SDVariable leakyRelu(SDVariable x, double alpha) {
        SDVariable r = sd.nn.relu(x, 0.0);
        return r.add(x.sub(r).mul(alpha));
    }

    /**
     * SameDiff's max/min backprop does not reduce a broadcast operand's gradient back to its own
     * shape (a [3] operand of [4,3] max [3] gets a [4,3] gradient, which then fails to reshape).
     * Adding zeros of the other operand's shape first makes both operands full-shape, so the
     * elementwise op needs no broadcasting and the broadcast is done by {@code add}, whose
     * backprop reduces correctly. x + 0 == x exactly, so values are unchanged.
     */
    private SDVariable broadcastTo(Expr e, int i) {
        Expr self = e.inputs().get(i);
        Expr other = e.inputs().get(1 - i);
        if (self.shape().equals(e.shape()) || other.shape().isScalar()) {
            return in(e, i);
        }
        return in(e, i).add(sd.zerosLike(in(e, 1 - i)));
    }

    /**
     * {@code t[i]} as a slice of one row along axis 0, then dropping that axis. Lowered with
     * {@code slice} rather than {@code gather}: gather's backprop in SameDiff 1.0.0-M2.1 scatters
     * the gradient to the wrong elements (the finite-difference test caught it) and clashes on
     * variable names when two gathers are chained.
     */
    private SDVariable index(Expr e) {
        long[] dims = e.inputs().get(0).shape().dims();
        int[] begin = new int[dims.length];
        int[] size = new int[dims.length];
        begin[0] = (Integer) e.attrs().get(Ops.INDEX);
        size[0] = 1;
        for (int d = 1; d < dims.length; d++) {
            size[d] = -1;
        }
        return sd.squeeze(sd.slice(in(e, 0), begin, size), 0);
    }

    /**
     * log_softmax composed from primitives, x - max - log(sum(exp(x - max))); the max shift keeps
     * it stable for large logits (its gradient contributions cancel exactly). SameDiff's own
     * {@code sd.nn.logSoftmax} cannot be used: in 1.0.0-M2.1 building its gradient fails with
     * "Error setting property for function LogSoftMax" (NoSuchMethodException Integer.values()).
     */
    private SDVariable logSoftmax(SDVariable x, int axis) {
        SDVariable shifted = x.sub(x.max(true, axis));
        SDVariable lse = sd.math.log(sd.math.exp(shifted).sum(true, axis));
        return shifted.sub(lse);
    }

    private static int[] axes(Expr e) {
        return (int[]) e.attrs().get(Ops.AXES);
    }

    private static int[] reversedAxes(int rank) {
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = rank - 1 - i;
        }
        return p;
    }
}

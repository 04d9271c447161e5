package dev.descent.compile;

import dev.descent.ExecutionPath;

import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.impl.scalar.RectifiedLinear;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Picks a {@link StepKernel} for an op of a lean plan, or none. Two kinds exist, each measured
 * against the native op it replaces (see docs/performance.md):
 *
 * <ul>
 *   <li><b>Matrix-vector products.</b> libnd4j runs {@code [N,K] x [K,1]} as a general matrix
 *       product (OpenBLAS {@code sgemm}, which packs the whole left operand first); given a rank-1
 *       right operand the same {@code matmul} op calls {@code sgemv}, about 3x faster for a tall
 *       batch. Both a linear layer with one output and its weight gradient {@code xᵀ · dz} are
 *       such products (W2: 5.5 → 1.8 ms and 6.5 → 2.9 ms per step).
 *   <li><b>Element-wise ops and gradients in Java.</b> Some libnd4j kernels cost far more than
 *       the arithmetic: {@code thresholdedrelu_bp} (ReLU's gradient) takes ~6 ns per element,
 *       {@code reduce_max_bp} ~100 µs for a 128 x 10 array, a broadcast {@code add_bp} ~50 µs for
 *       128 x 256 (and two passes for a large one), and even a layer's forward bias {@code add}
 *       and {@code relu} 15–30 µs each at 128 x 256; a loop over heap chunks of the native buffers
 *       does the same in a fraction of that. Only plain (contiguous, offset-free, c-order) float32
 *       arrays, never a fed input; all but the bias gradient only up to {@link #JAVA_MAX} elements
 *       (above it the native kernels' threads pay off), a bias gradient at any size.
 * </ul>
 */
final class StepKernels {
    /**
     * {@code -Ddescent.stepKernels=false} runs every op natively (to compare results or timings, or
     * to rule the kernels out when chasing a bug).
     */
    private static final boolean SWITCHED_ON = !"false".equalsIgnoreCase(System.getProperty("descent.stepKernels"));

    /**
     * Whether plans use these kernels when on the {@link ExecutionPath#FAST} path (they read and write
     * native buffers from Java, which only the CPU backend allows: a plan checks that first).
     */
    static boolean enabled() {
        return SWITCHED_ON;
    }

    /** Largest array a Java kernel takes; above it the native kernels' threads pay off. */
    static final long JAVA_MAX = 1 << 18;

    private StepKernels() {
    }

    /**
     * A kernel for {@code op} on these arrays, or null to run the native op.
     *
     * @param fed which inputs are input batches, rebound each step through {@link StepKernel#rebind}
     */
    static @Nullable StepKernel bind(DynamicCustomOp op, INDArray[] in, INDArray[] out, boolean[] fed) {
        switch (op.opName()) {
            case "matmul":
                return MatVecKernel.tryBind(op, in, out, fed);
            case "thresholdedrelu_bp":
                return noneFed(fed) ? ReluGradKernel.tryBind(op, in, out) : null;
            case "reduce_max_bp":
                return noneFed(fed) ? MaxGradKernel.tryBind(op, in, out) : null;
            case "add":
                return noneFed(fed) ? BiasAddKernel.tryBind(in, out) : null;
            case "add_bp":
                return noneFed(fed) ? BiasAddGradKernel.tryBind(in, out) : null; // any size: it is a copy and a sum
            default:
                return null;
        }
    }

    /** A kernel for the legacy (non-custom) op {@code op} on these arrays, or null to run the native op. */
    static @Nullable StepKernel bindLegacy(Op op, INDArray[] in, INDArray[] out, boolean[] fed) {
        if (op instanceof RectifiedLinear relu && noneFed(fed) && relu.scalar() != null && relu.scalar().length() == 1) {
            return ReluKernel.tryBind(relu.scalar().getDouble(0), in, out);
        }
        return null;
    }

    private static boolean noneFed(boolean[] fed) {
        for (boolean f : fed) {
            if (f) {
                return false;
            }
        }
        return true;
    }

    /** A contiguous, offset-free, c-order float32 array: its native buffer is exactly its elements. */
    static boolean plain(INDArray a) {
        return a.dataType() == DataType.FLOAT && !a.isEmpty() && a.offset() == 0 && a.ordering() == 'c'
                && a.length() <= Integer.MAX_VALUE && a.data().length() == a.length() && Shape.hasDefaultStridesForShape(a);
    }

    static boolean small(INDArray a) {
        return a.length() <= JAVA_MAX;
    }

    /** {@code a}'s buffer seen with another shape (no copy): the rank-1 vector view of a [n,1] array. */
    static INDArray vectorView(INDArray a) {
        return Nd4j.create(a.data(), new long[] {a.length()});
    }
}

package dev.descent.compile;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@code matmul} whose result has one column, run as libnd4j's matrix-vector product (rank-1
 * operand, OpenBLAS {@code sgemv}) instead of a general matrix product. Two shapes of it:
 * {@code x · w} with w [K,1] (a layer with one output), and {@code (dzᵀ · x)ᵀ} with dz [N,1]
 * (that layer's weight gradient, as {@link OpOrder} rewrites it), run as {@code xᵀ · dz}.
 * The one-column arrays are seen as vectors over the same buffers; the matrix operand is used
 * as it is, so it may be an input batch rebound every step.
 */
final class MatVecKernel implements StepKernel {
    private final DynamicCustomOp op = DynamicCustomOp.builder("matmul").build();
    private final OpContext context;
    /** Which input of the replaced op is the matrix (the only one that can be rebound). */
    private final int matrixInput;

    private MatVecKernel(INDArray matrix, INDArray vector, INDArray result, boolean transposeMatrix, int matrixInput) {
        this.matrixInput = matrixInput;
        this.context = Nd4j.getExecutioner().buildContext();
        context.setInputArray(0, matrix);
        context.setInputArray(1, vector);
        context.setOutputArray(0, result);
        context.setIArguments(transposeMatrix ? 1 : 0, 0, 0);
        context.setTArguments(1.0, 0.0);
    }

    static @Nullable StepKernel tryBind(DynamicCustomOp op, INDArray[] in, INDArray[] out, boolean[] fed) {
        if (in.length != 2 || out.length != 1 || !unscaled(op) || in[0].rank() != 2 || in[1].rank() != 2
                || !StepKernels.plain(out[0]) || out[0].rank() != 2 || out[0].size(1) != 1) {
            return null;
        }
        long[] t = op.iArgs();
        if (allZero(t) && in[1].size(1) == 1 && !fed[1] && StepKernels.plain(in[1])) {
            // x [N,K] · w [K,1] → z [N,1]
            return new MatVecKernel(in[0], StepKernels.vectorView(in[1]), StepKernels.vectorView(out[0]), false, 0);
        }
        if (Arrays.equals(t, new long[] {1, 0, 1}) && in[0].size(1) == 1 && !fed[0] && StepKernels.plain(in[0])) {
            // (dz [N,1]ᵀ · x [N,K])ᵀ → dw [K,1], computed as xᵀ · dz
            return new MatVecKernel(in[1], StepKernels.vectorView(in[0]), StepKernels.vectorView(out[0]), true, 1);
        }
        return null;
    }

    private static boolean unscaled(DynamicCustomOp op) {
        double[] a = op.tArgs();
        return a.length == 0 || (a.length == 2 && a[0] == 1.0 && a[1] == 0.0);
    }

    private static boolean allZero(long[] a) {
        for (long v : a) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void run() {
        OpExecutioner ex = Nd4j.getExecutioner();
        ex.exec(op, context);
    }

    @Override
    public void rebind(int index, INDArray array) {
        if (index != matrixInput) {
            throw new IllegalStateException("matrix-vector kernel: only its matrix operand is fed, not input " + index);
        }
        context.setInputArray(0, array);
    }

    @Override
    public void close() {
        context.purge();
    }
}

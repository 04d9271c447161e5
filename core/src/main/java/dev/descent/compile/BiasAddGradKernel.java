package dev.descent.compile;

import java.nio.FloatBuffer;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code add_bp} of {@code a [R,C] + b [C]} (a layer's bias): {@code da = dy} and
 * {@code db} = the column sums of dy, summed row by row in float (the native kernel sums in
 * another order, so db may differ from it in the last bit). Replaces a native reduction whose
 * fixed cost (~50 µs for 128 x 256) dwarfs the arithmetic.
 */
final class BiasAddGradKernel implements StepKernel {
    private final FloatBuffer dy;
    private final FloatBuffer da;
    private final FloatBuffer db;
    private final float[] sums;
    private final int rows;
    private final int cols;

    private BiasAddGradKernel(INDArray dy, INDArray da, INDArray db, int rows, int cols) {
        this.dy = dy.data().asNioFloat();
        this.da = da.data().asNioFloat();
        this.db = db.data().asNioFloat();
        this.rows = rows;
        this.cols = cols;
        this.sums = new float[cols];
    }

    static @Nullable StepKernel tryBind(INDArray[] in, INDArray[] out) {
        if (in.length != 3 || out.length != 2) {
            return null;
        }
        INDArray a = in[0];
        INDArray b = in[1];
        INDArray dy = in[2];
        if (a.rank() != 2 || !a.equalShapes(dy) || !dy.equalShapes(out[0]) || !b.equalShapes(out[1])) {
            return null;
        }
        long cols = a.size(1);
        boolean rowVector = (b.rank() == 1 && b.size(0) == cols) || (b.rank() == 2 && b.size(0) == 1 && b.size(1) == cols);
        if (!rowVector || a.size(0) == 1 || !StepKernels.plain(dy) || !StepKernels.plain(out[0]) || !StepKernels.plain(out[1])
                || !StepKernels.small(dy)) {
            return null;
        }
        return new BiasAddGradKernel(dy, out[0], out[1], (int) a.size(0), (int) cols);
    }

    @Override
    public void run() {
        da.put(0, dy, 0, rows * cols);
        java.util.Arrays.fill(sums, 0f);
        for (int r = 0, base = 0; r < rows; r++, base += cols) {
            for (int c = 0; c < cols; c++) {
                sums[c] += dy.get(base + c);
            }
        }
        db.put(0, sums);
    }

    @Override
    public void rebind(int index, INDArray array) {
        throw new IllegalStateException("bias gradient kernel: no input is fed");
    }
}

package dev.descent.compile;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One pass for a mean cross-entropy over log-probabilities lp [rows, classes] (see
 * {@link CrossEntropyFusion}), against class indices (one-hot weights) or soft-target weights w:
 *
 * <pre>
 *   loss = -(Σ_r Σ_j w[r,j] lp[r,j]) / rows      (summed in double)
 *   glp[r,j] = w[r,j] · ((-g) / rows)            (g: the loss's incoming gradient)
 * </pre>
 *
 * glp has the bits of the op chain it replaces (one product per element; a one-hot weight is
 * exactly 1 or 0, signed zeros included); the loss may differ from the chain's float sums in the
 * last bits. A class index outside [0, classes) selects nothing, as libnd4j's one-hot encoding
 * (the batch validator rejects such labels before they get here). The targets are usually fed
 * each step; one that is not a plain array is copied into a plain one first.
 */
final class CrossEntropyKernel implements StepKernel {
    private final int rows;
    private final int classes;
    private final boolean indices;
    private final FloatBuffer lp;
    private final FloatBuffer seed;
    private final FloatBuffer loss;
    private final FloatBuffer glp;
    private INDArray target;
    private @Nullable INDArray scratch;
    private final float[] lpRow;
    private final float[] work;
    private final long[] labels;

    private CrossEntropyKernel(INDArray lp, INDArray target, INDArray seed, INDArray loss, INDArray glp, boolean indices) {
        this.rows = (int) lp.size(0);
        this.classes = (int) lp.size(1);
        this.indices = indices;
        this.lp = lp.data().asNioFloat();
        this.seed = seed.data().asNioFloat();
        this.loss = loss.data().asNioFloat();
        this.glp = glp.data().asNioFloat();
        this.target = target;
        this.lpRow = new float[rows * classes];
        this.work = new float[rows * classes];
        this.labels = new long[indices ? rows : 0];
    }

    /**
     * Inputs (lp, labels or weights, seed), outputs (loss, glp); null when the arrays do not fit:
     * lp not a plain [rows, classes] float32 array (or fed), labels not INT64 [rows], weights not
     * float32 [rows, classes], a non-scalar seed or loss, or more than {@link StepKernels#JAVA_MAX}
     * elements.
     */
    static @Nullable StepKernel tryBind(INDArray[] in, INDArray[] out, boolean indices, boolean lpFed) {
        if (in.length != 3 || out.length != 2 || lpFed) {
            return null;
        }
        INDArray lp = in[0];
        INDArray t = in[1];
        if (lp.rank() != 2 || !StepKernels.plain(lp) || !StepKernels.small(lp) || !StepKernels.plain(out[1])
                || !out[1].equalShapes(lp) || in[2].length() != 1 || !StepKernels.plain(in[2]) || out[0].length() != 1
                || !StepKernels.plain(out[0])) {
            return null;
        }
        boolean fits = indices
                ? t.dataType() == DataType.INT64 && t.rank() == 1 && t.size(0) == lp.size(0)
                : t.dataType() == DataType.FLOAT && t.equalShapes(lp);
        if (!fits) {
            return null;
        }
        return new CrossEntropyKernel(lp, t, in[2], out[0], out[1], indices);
    }

    @Override
    public void rebind(int index, INDArray array) {
        if (index != 1) {
            throw new IllegalStateException("cross-entropy kernel: only the targets are fed, not input " + index);
        }
        target = array;
    }

    @Override
    public void run() {
        int n = rows * classes;
        lp.get(0, lpRow, 0, n);
        float scale = -seed.get(0) / rows;
        double sum = 0;
        if (indices) {
            plainTarget().data().asNioLong().get(0, labels, 0, rows);
            java.util.Arrays.fill(work, 0, n, 0f * scale); // a one-hot zero times the scale, as the chain computes it
            for (int r = 0; r < rows; r++) {
                long c = labels[r];
                if (c >= 0 && c < classes) {
                    int at = r * classes + (int) c;
                    sum += lpRow[at];
                    work[at] = scale; // 1 · scale
                }
            }
        } else {
            plainTarget().data().asNioFloat().get(0, work, 0, n);
            for (int i = 0; i < n; i++) {
                float w = work[i];
                sum += (double) w * lpRow[i];
                work[i] = w * scale;
            }
        }
        glp.put(0, work, 0, n);
        loss.put(0, (float) (-sum / rows));
    }

    /** The fed targets as a plain array (a view or another layout is copied into a reused one). */
    private INDArray plainTarget() {
        INDArray t = target;
        boolean plain = t.offset() == 0 && t.ordering() == 'c' && t.data().length() == t.length()
                && org.nd4j.linalg.api.shape.Shape.hasDefaultStridesForShape(t);
        if (plain) {
            return t;
        }
        INDArray s = scratch;
        if (s == null || !s.equalShapes(t)) {
            s = t.dup('c');
            scratch = s;
        } else {
            s.assign(t);
        }
        return s;
    }
}

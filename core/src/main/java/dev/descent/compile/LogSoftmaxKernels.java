package dev.descent.compile;

import java.nio.FloatBuffer;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Log-softmax along the last axis of a [rows, cols] array and its gradient (see
 * {@link LogSoftmaxFusion}), as two kernels sharing the forward pass's exponentials:
 *
 * <pre>
 *   forward:  m = max_j z_j   e_j = exp(z_j - m)   s = Σ_j e_j   lp_j = (z_j - m) - log s
 *   backward: gz_j = glp_j + e_j · (-(Σ_k glp_k) / s)
 * </pre>
 *
 * per row, in float, the same operations in the same order as the op chain it replaces — except
 * that the chain also sends the max's gradient (the rounding residue of a sum that is exactly 0 in
 * real arithmetic) to each row's maximum, which this leaves out, as torch's log_softmax backward
 * ({@code glp - exp(lp) · Σ glp}) does. exp and log are Java's (the nearest float to the
 * correctly rounded double), which may differ from libnd4j's in the last bit. A NaN or infinite
 * logit makes its row NaN, as in the chain, so the trainer's non-finite check still sees it.
 */
final class LogSoftmaxKernels {
    private final int rows;
    private final int cols;
    private final FloatBuffer z;
    private final FloatBuffer lp;
    private final FloatBuffer glp;
    private final FloatBuffer gz;
    /** z, then the shifted values, then lp (forward); glp, then gz (backward). */
    private final float[] work;
    private final float[] exps;
    private final float[] sums;

    private LogSoftmaxKernels(INDArray z, INDArray lp, INDArray glp, INDArray gz) {
        this.rows = (int) z.size(0);
        this.cols = (int) z.size(1);
        this.z = z.data().asNioFloat();
        this.lp = lp.data().asNioFloat();
        this.glp = glp.data().asNioFloat();
        this.gz = gz.data().asNioFloat();
        this.work = new float[rows * cols];
        this.exps = new float[rows * cols];
        this.sums = new float[rows];
    }

    /**
     * The forward and backward kernels for inputs (z, glp) and outputs (lp, gz) along
     * {@code axis}, or null when the arrays do not fit: not [rows, cols] along the last axis, not
     * plain float32, a fed z (rebound each step), or larger than {@link StepKernels#JAVA_MAX}.
     */
    static StepKernel @Nullable [] tryBind(int axis, INDArray[] in, INDArray[] out, boolean zFed) {
        if (in.length != 2 || out.length != 2 || zFed) {
            return null;
        }
        INDArray z = in[0];
        if (z.rank() != 2 || (axis != 1 && axis != -1) || z.size(1) < 1) {
            return null;
        }
        for (INDArray a : new INDArray[] {z, in[1], out[0], out[1]}) {
            if (!StepKernels.plain(a) || !StepKernels.small(a) || !a.equalShapes(z)) {
                return null;
            }
        }
        LogSoftmaxKernels k = new LogSoftmaxKernels(z, out[0], in[1], out[1]);
        return new StepKernel[] {new Part(k, true), new Part(k, false)};
    }

    void forward() {
        z.get(0, work, 0, work.length);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            float max = Float.NEGATIVE_INFINITY;
            boolean nan = false;
            for (int j = 0; j < cols; j++) {
                float v = work[base + j];
                nan |= v != v;
                max = v > max ? v : max;
            }
            if (nan) {
                max = Float.NaN; // as reduce_max: a NaN logit poisons its row
            }
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                float sh = work[base + j] - max;
                work[base + j] = sh;
                float e = (float) Math.exp(sh);
                exps[base + j] = e;
                sum += e;
            }
            sums[r] = sum;
            float log = (float) Math.log(sum);
            for (int j = 0; j < cols; j++) {
                work[base + j] -= log;
            }
        }
        lp.put(0, work, 0, work.length);
    }

    void backward() {
        glp.get(0, work, 0, work.length);
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            float total = 0f;
            for (int j = 0; j < cols; j++) {
                total += work[base + j];
            }
            float scale = -total / sums[r];
            for (int j = 0; j < cols; j++) {
                work[base + j] += exps[base + j] * scale;
            }
        }
        gz.put(0, work, 0, work.length);
    }

    /** One anchor's kernel: the forward or the backward part. */
    private record Part(LogSoftmaxKernels kernels, boolean forward) implements StepKernel {
        @Override
        public void run() {
            if (forward) {
                kernels.forward();
            } else {
                kernels.backward();
            }
        }

        @Override
        public void rebind(int index, INDArray array) {
            throw new IllegalStateException("log-softmax kernels: no input is fed");
        }
    }
}

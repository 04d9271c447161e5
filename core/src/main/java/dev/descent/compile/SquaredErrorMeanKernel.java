package dev.descent.compile;

import java.nio.FloatBuffer;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One pass for a mean squared error and its gradient (see {@link SquaredErrorFusion}):
 * {@code loss = Σ (p - y)² / n} (summed in double) and {@code dp = 2 (g/n) (p - y)} with g the
 * incoming gradient of the loss — per element the same float operations as the op chain it
 * replaces ({@code g/n}, times d twice, added), so dp has the same bits. Large arrays are split
 * over the common fork-join pool. Fed arrays that are not plain float buffers (views, other
 * orders) are first copied into a plain scratch array.
 */
final class SquaredErrorMeanKernel implements StepKernel {
    private static final int PARALLEL_THRESHOLD = 1 << 17;

    private final INDArray[] inputs = new INDArray[2];
    private final @Nullable INDArray[] scratch = new INDArray[2];
    private FloatBuffer p;
    private FloatBuffer y;
    private final FloatBuffer seed;
    private final FloatBuffer loss;
    private final FloatBuffer dp;
    private final int n;

    private SquaredErrorMeanKernel(INDArray p, INDArray y, INDArray seed, INDArray loss, INDArray dp) {
        this.n = (int) p.length();
        this.seed = seed.data().asNioFloat();
        this.loss = loss.data().asNioFloat();
        this.dp = dp.data().asNioFloat();
        this.p = plainBuffer(0, p);
        this.y = plainBuffer(1, y);
    }

    /** Inputs (p, y, seed), outputs (loss, dp); null when the arrays do not fit the kernel. */
    static @Nullable StepKernel tryBind(INDArray[] in, INDArray[] out) {
        if (in.length != 3 || out.length != 2) {
            return null;
        }
        INDArray p = in[0];
        INDArray y = in[1];
        if (p.dataType() != DataType.FLOAT || y.dataType() != DataType.FLOAT || !p.equalShapes(y) || p.isEmpty()
                || p.length() > Integer.MAX_VALUE || !p.equalShapes(out[1]) || !StepKernels.plain(out[1])
                || in[2].length() != 1 || !StepKernels.plain(in[2]) || out[0].length() != 1 || !StepKernels.plain(out[0])) {
            return null;
        }
        return new SquaredErrorMeanKernel(p, y, in[2], out[0], out[1]);
    }

    private FloatBuffer plainBuffer(int index, INDArray a) {
        inputs[index] = a;
        if (StepKernels.plain(a)) {
            return a.data().asNioFloat();
        }
        INDArray s = scratch[index];
        if (s == null) {
            s = a.dup('c');
            scratch[index] = s;
        } // else run() copies the view's values, once per step
        return s.data().asNioFloat();
    }

    @Override
    public void rebind(int index, INDArray array) {
        if (index == 0) {
            p = plainBuffer(0, array);
        } else if (index == 1) {
            y = plainBuffer(1, array);
        } else {
            throw new IllegalStateException("squared error kernel: input " + index + " is not fed");
        }
    }

    @Override
    public void run() {
        // a fed view is re-copied each step: its contents may have changed since it was bound
        for (int i = 0; i < 2; i++) {
            INDArray s = scratch[i];
            if (s != null && inputs[i] != null && !StepKernels.plain(inputs[i])) {
                s.assign(inputs[i]);
            }
        }
        float r = seed.get(0) / (float) n;
        int parts = n < PARALLEL_THRESHOLD ? 1 : ForkJoinPool.getCommonPoolParallelism() + 1;
        double sum;
        if (parts <= 1) {
            sum = pass(r, 0, n);
        } else {
            int chunk = (n + parts - 1) / parts;
            @SuppressWarnings("unchecked")
            ForkJoinTask<Double>[] tasks = new ForkJoinTask[parts - 1];
            for (int k = 0; k < parts - 1; k++) {
                int from = k * chunk;
                int to = Math.min(n, from + chunk);
                tasks[k] = ForkJoinPool.commonPool().submit(() -> pass(r, from, to));
            }
            sum = pass(r, (parts - 1) * chunk, n);
            double others = 0;
            for (ForkJoinTask<Double> t : tasks) {
                others += t.join();
            }
            sum += others;
        }
        loss.put(0, (float) (sum / n));
    }

    /**
     * Elements [from, to): a chunk at a time, bulk-copied to the heap (element reads from a native
     * buffer are several times slower than a bulk copy, and loops over heap arrays vectorise), the
     * gradient written back in bulk. Squares summed in double, four lanes.
     */
    private double pass(float r, int from, int to) {
        float[] pc = new float[CHUNK];
        float[] yc = new float[CHUNK];
        float[] dc = new float[CHUNK];
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int off = from; off < to; off += CHUNK) {
            int len = Math.min(CHUNK, to - off);
            p.get(off, pc, 0, len);
            y.get(off, yc, 0, len);
            for (int i = 0; i < len; i++) {
                float d = pc[i] - yc[i];
                yc[i] = d;
                float g = r * d;
                dc[i] = g + g;
            }
            dp.put(off, dc, 0, len);
            int i = 0;
            for (; i + 4 <= len; i += 4) {
                s0 += (double) yc[i] * yc[i];
                s1 += (double) yc[i + 1] * yc[i + 1];
                s2 += (double) yc[i + 2] * yc[i + 2];
                s3 += (double) yc[i + 3] * yc[i + 3];
            }
            for (; i < len; i++) {
                s0 += (double) yc[i] * yc[i];
            }
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Floats per chunk: three chunk arrays (24 KB) stay in L1 cache. */
    private static final int CHUNK = 2048;
}

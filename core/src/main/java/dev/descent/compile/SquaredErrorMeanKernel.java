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
 *
 * <p>With a bias ({@link SquaredErrorFusion#matchBiased}) the prediction is {@code p = z + b},
 * b broadcast along the last axis: p is formed element by element as the native add does (one
 * float addition, same bits) and never stored; the kernel writes dp as the gradient of z (the
 * bias add passes it through) and sums it over the rows into the bias's gradient (in double,
 * rounded once to float: within float rounding of the native column sums).
 */
final class SquaredErrorMeanKernel implements StepKernel {
    private static final int PARALLEL_THRESHOLD = 1 << 17;

    /** Bound inputs: the prediction (or z), the target, the bias (or null). */
    private final @Nullable INDArray[] inputs = new INDArray[3];
    private final @Nullable INDArray[] scratch = new INDArray[3];
    private FloatBuffer p;
    private FloatBuffer y;
    private @Nullable FloatBuffer bias;
    private final FloatBuffer seed;
    private final FloatBuffer loss;
    private final FloatBuffer dp;
    private final @Nullable FloatBuffer biasGrad;
    /** Whether the prediction is {@code z + b}. */
    private final boolean biased;
    /** Length of the bias (the last axis); 1 without one. */
    private final int cols;
    /** The bias's values, read once per step (zeros without one). */
    private final float[] biasValues;
    /** Fed input index (the fusion's input order) → {@link #inputs} index. */
    private static final int[] PLAIN_FED = {0, 1};
    private static final int[] BIASED_FED = {0, 2, 1};
    private final int n;

    private SquaredErrorMeanKernel(INDArray p, INDArray y, @Nullable INDArray bias, INDArray seed, INDArray loss, INDArray dp,
            @Nullable INDArray biasGrad) {
        this.n = (int) p.length();
        this.biased = bias != null;
        this.cols = bias == null ? 1 : (int) bias.length();
        this.biasValues = new float[cols];
        this.seed = seed.data().asNioFloat();
        this.loss = loss.data().asNioFloat();
        this.dp = dp.data().asNioFloat();
        this.biasGrad = biasGrad == null ? null : biasGrad.data().asNioFloat();
        this.p = plainBuffer(0, p);
        this.y = plainBuffer(1, y);
        this.bias = bias == null ? null : plainBuffer(2, bias);
    }

    /** Inputs (p, y, seed), outputs (loss, dp); null when the arrays do not fit the kernel. */
    static @Nullable StepKernel tryBind(INDArray[] in, INDArray[] out) {
        if (in.length != 3 || out.length != 2 || !fits(in[0], in[1], in[2], out[0], out[1])) {
            return null;
        }
        return new SquaredErrorMeanKernel(in[0], in[1], null, in[2], out[0], out[1], null);
    }

    /**
     * Inputs (z, b, y, seed), outputs (loss, dz, db): the error of {@code z + b}; null when the
     * arrays do not fit (b must be a vector as long as z's last axis, its gradient likewise).
     */
    static @Nullable StepKernel tryBindBiased(INDArray[] in, INDArray[] out) {
        if (in.length != 4 || out.length != 3 || !fits(in[0], in[2], in[3], out[0], out[1])) {
            return null;
        }
        INDArray z = in[0];
        INDArray b = in[1];
        INDArray db = out[2];
        long cols = z.rank() == 0 ? 1 : z.size(z.rank() - 1);
        if (b.dataType() != DataType.FLOAT || b.rank() > 1 || b.length() != cols || z.rank() < 1
                || !db.equalShapes(b) || !StepKernels.plain(db)) {
            return null;
        }
        return new SquaredErrorMeanKernel(z, in[2], b, in[3], out[0], out[1], db);
    }

    private static boolean fits(INDArray p, INDArray y, INDArray seed, INDArray loss, INDArray dp) {
        return p.dataType() == DataType.FLOAT && y.dataType() == DataType.FLOAT && p.equalShapes(y) && !p.isEmpty()
                && p.length() <= Integer.MAX_VALUE && p.equalShapes(dp) && StepKernels.plain(dp)
                && seed.length() == 1 && StepKernels.plain(seed) && loss.length() == 1 && StepKernels.plain(loss);
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
        // the fused inputs, in the fusion's order: (p, y, seed) or (z, b, y, seed)
        int[] fed = biased ? BIASED_FED : PLAIN_FED;
        switch (index < fed.length ? fed[index] : -1) {
            case 0 -> p = plainBuffer(0, array);
            case 1 -> y = plainBuffer(1, array);
            case 2 -> bias = plainBuffer(2, array);
            default -> throw new IllegalStateException("squared error kernel: input " + index + " is not fed");
        }
    }

    @Override
    public void run() {
        // a fed view is re-copied each step: its contents may have changed since it was bound
        for (int i = 0; i < inputs.length; i++) {
            INDArray s = scratch[i];
            INDArray in = inputs[i];
            if (s != null && in != null && !StepKernels.plain(in)) {
                s.assign(in);
            }
        }
        float r = seed.get(0) / (float) n;
        float[] b = biasValues;
        FloatBuffer bb = bias;
        if (bb != null) {
            bb.get(0, b, 0, cols);
        }
        // parts start on whole rows, so each part's bias column starts at 0
        int rows = n / cols;
        int parts = n < PARALLEL_THRESHOLD ? 1 : Math.min(ForkJoinPool.getCommonPoolParallelism() + 1, rows);
        double[] sums;
        if (parts <= 1) {
            sums = pass(r, b, 0, n);
        } else {
            int chunk = (rows + parts - 1) / parts * cols;
            @SuppressWarnings("unchecked")
            ForkJoinTask<double[]>[] tasks = new ForkJoinTask[parts - 1];
            for (int k = 0; k < parts - 1; k++) {
                int from = k * chunk;
                int to = Math.min(n, from + chunk);
                tasks[k] = ForkJoinPool.commonPool().submit(() -> pass(r, b, from, to));
            }
            sums = pass(r, b, (parts - 1) * chunk, n);
            for (ForkJoinTask<double[]> t : tasks) {
                double[] other = t.join();
                for (int c = 0; c < sums.length; c++) {
                    sums[c] += other[c];
                }
            }
        }
        loss.put(0, (float) (sums[0] / n));
        FloatBuffer gb = biasGrad;
        if (gb != null) {
            for (int c = 0; c < cols; c++) {
                gb.put(c, (float) sums[1 + c]);
            }
        }
    }

    /**
     * Elements [from, to) (from on a row start): a chunk at a time, bulk-copied to the heap
     * (element reads from a native buffer are several times slower than a bulk copy, and loops
     * over heap arrays vectorise), the gradient written back in bulk. Returns the sum of squares
     * (double, four lanes) and, with a bias, the gradient's column sums (double).
     */
    private double[] pass(float r, float[] b, int from, int to) {
        // sized to the part: a one-sample step (W1) then allocates a few bytes, not 24 KB to zero
        int size = Math.min(CHUNK, to - from);
        float[] pc = new float[size];
        float[] yc = new float[size];
        float[] dc = new float[size];
        double[] colSums = new double[biased ? cols : 0];
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double g0 = 0;
        double g1 = 0;
        double g2 = 0;
        double g3 = 0;
        int col = 0;
        for (int off = from; off < to; off += CHUNK) {
            int len = Math.min(CHUNK, to - off);
            p.get(off, pc, 0, len);
            y.get(off, yc, 0, len);
            if (biased) {
                col = addBias(pc, len, b, col);
            }
            for (int i = 0; i < len; i++) {
                float d = pc[i] - yc[i];
                yc[i] = d;
                float g = r * d;
                dc[i] = g + g;
            }
            dp.put(off, dc, 0, len);
            int i = 0;
            if (biased && cols == 1) {
                // one bias: its gradient's sum in the same loop, eight independent additions per four elements
                for (; i + 4 <= len; i += 4) {
                    s0 += (double) yc[i] * yc[i];
                    s1 += (double) yc[i + 1] * yc[i + 1];
                    s2 += (double) yc[i + 2] * yc[i + 2];
                    s3 += (double) yc[i + 3] * yc[i + 3];
                    g0 += dc[i];
                    g1 += dc[i + 1];
                    g2 += dc[i + 2];
                    g3 += dc[i + 3];
                }
                for (; i < len; i++) {
                    s0 += (double) yc[i] * yc[i];
                    g0 += dc[i];
                }
                continue;
            }
            if (biased) {
                sumColumns(dc, len, colSums, (off - from) % cols);
            }
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
        if (biased && cols == 1) {
            colSums[0] = (g0 + g1) + (g2 + g3);
        }
        double[] out = new double[1 + colSums.length];
        out[0] = (s0 + s1) + (s2 + s3);
        System.arraycopy(colSums, 0, out, 1, colSums.length);
        return out;
    }

    /** {@code pc[i] += b[column]}, the column of element 0 being {@code col}; returns the column after the chunk. */
    private int addBias(float[] pc, int len, float[] b, int col) {
        if (cols == 1) {
            float b0 = b[0];
            for (int i = 0; i < len; i++) {
                pc[i] += b0;
            }
            return 0;
        }
        int c = col;
        for (int i = 0; i < len; i++) {
            pc[i] += b[c];
            c = c + 1 == cols ? 0 : c + 1;
        }
        return c;
    }

    /** Adds the gradient chunk's values to their columns' sums (several columns), the column of element 0 being {@code col}. */
    private void sumColumns(float[] dc, int len, double[] colSums, int col) {
        int c = col;
        for (int i = 0; i < len; i++) {
            colSums[c] += dc[i];
            c = c + 1 == cols ? 0 : c + 1;
        }
    }

    /** Floats per chunk: three chunk arrays (24 KB) stay in L1 cache. */
    private static final int CHUNK = 2048;
}

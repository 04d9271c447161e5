package dev.descent.compile;

import java.nio.FloatBuffer;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code add_bp} of {@code a [R,C] + b [C]} (a layer's bias): {@code da = dy} and {@code db} =
 * the column sums of dy. Replaces a native kernel whose fixed cost (~50 µs for 128 x 256) dwarfs
 * the arithmetic for small batches and which copies and sums in two passes for large ones. The
 * rows are read a chunk at a time into the heap (a bulk copy; element reads from a native buffer
 * are slower), the sums taken there: in float, row by row, per column — with eight float lanes
 * instead when there is a single column, summed in double per chunk. The native kernel sums in
 * another order, so db may differ from it in the last bits.
 *
 * <p>The plan can instead {@linkplain #aliasInputGradient() alias} da to dy (both are
 * read-only afterwards), and the copy disappears.
 */
final class BiasAddGradKernel implements StepKernel {
    /** Floats per chunk (16 KB, in L1 cache), rounded down to whole rows. */
    private static final int CHUNK = 4096;

    private final FloatBuffer dy;
    private final FloatBuffer da;
    private final FloatBuffer db;
    private final float[] sums;
    private final float[] chunk;
    private final int rows;
    private final int cols;
    private boolean copyInputGradient = true;

    private BiasAddGradKernel(INDArray dy, INDArray da, INDArray db, int rows, int cols) {
        this.dy = dy.data().asNioFloat();
        this.da = da.data().asNioFloat();
        this.db = db.data().asNioFloat();
        this.rows = rows;
        this.cols = cols;
        this.sums = new float[cols];
        this.chunk = new float[Math.max(cols, CHUNK / cols * cols)];
    }

    static @Nullable BiasAddGradKernel tryBind(INDArray[] in, INDArray[] out) {
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
        if (!rowVector || a.size(0) == 1 || cols > CHUNK || !StepKernels.plain(dy) || !StepKernels.plain(out[0])
                || !StepKernels.plain(out[1])) {
            return null;
        }
        return new BiasAddGradKernel(dy, out[0], out[1], (int) a.size(0), (int) cols);
    }

    /** da is dy itself from now on (the plan rebinds da's readers): skip the copy. */
    void aliasInputGradient() {
        copyInputGradient = false;
    }

    @Override
    public void run() {
        int n = rows * cols;
        if (cols == 1) {
            db.put(0, (float) columnOfOne(n));
            return;
        }
        java.util.Arrays.fill(sums, 0f);
        for (int off = 0; off < n; off += chunk.length) {
            int len = Math.min(chunk.length, n - off);
            dy.get(off, chunk, 0, len);
            if (copyInputGradient) {
                da.put(off, chunk, 0, len);
            }
            for (int base = 0; base < len; base += cols) {
                for (int c = 0; c < cols; c++) {
                    sums[c] += chunk[base + c];
                }
            }
        }
        db.put(0, sums);
    }

    private double columnOfOne(int n) {
        double total = 0;
        for (int off = 0; off < n; off += chunk.length) {
            int len = Math.min(chunk.length, n - off);
            dy.get(off, chunk, 0, len);
            if (copyInputGradient) {
                da.put(off, chunk, 0, len);
            }
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
            int i = 0;
            for (; i + 8 <= len; i += 8) {
                s0 += chunk[i];
                s1 += chunk[i + 1];
                s2 += chunk[i + 2];
                s3 += chunk[i + 3];
                s4 += chunk[i + 4];
                s5 += chunk[i + 5];
                s6 += chunk[i + 6];
                s7 += chunk[i + 7];
            }
            total += ((double) s0 + s1) + ((double) s2 + s3) + ((double) s4 + s5) + ((double) s6 + s7);
            for (; i < len; i++) {
                total += chunk[i];
            }
        }
        return total;
    }

    @Override
    public void rebind(int index, INDArray array) {
        throw new IllegalStateException("bias gradient kernel: no input is fed");
    }
}

package dev.descent.compile;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/**
 * {@code thresholdedrelu_bp}, the gradient SameDiff emits for ReLU: {@code dx = x > t ? dy : 0}
 * (t = 0 for ReLU; exactly 0 at x = t, as torch's {@code threshold_backward}; 0 where x is NaN).
 * Same bits as the native kernel, which spends ~6 ns per element on it.
 *
 * <p>Runs a chunk at a time through the heap (bulk copies; element reads from a native buffer cost
 * ~3 ns each). For t = 0 the choice is made on the float's bits with integer arithmetic: a float
 * comparison in a loop compiles to a branch, mispredicted on every other element of a layer's
 * random signs (~4 ns per element), while the integer form has no branch and vectorises.
 */
final class ReluGradKernel implements StepKernel {
    /** Floats per chunk: both chunk arrays (16 KB) stay in L1 cache. */
    private static final int CHUNK = 2048;
    /** The bits of +infinity, the largest positive float that is not NaN. */
    private static final int POSITIVE_INFINITY_BITS = 0x7f800000;

    private final FloatBuffer x;
    private final FloatBuffer dy;
    private final FloatBuffer dx;
    private final IntBuffer xBits;
    private final IntBuffer dyBits;
    private final IntBuffer dxBits;
    private final float threshold;
    private final int n;
    private final int[] xc = new int[CHUNK];
    private final int[] dc = new int[CHUNK];

    private ReluGradKernel(INDArray x, INDArray dy, INDArray dx, float threshold) {
        this.x = x.data().asNioFloat();
        this.dy = dy.data().asNioFloat();
        this.dx = dx.data().asNioFloat();
        this.xBits = x.data().asNioInt();
        this.dyBits = dy.data().asNioInt();
        this.dxBits = dx.data().asNioInt();
        this.threshold = threshold;
        this.n = (int) x.length();
    }

    static @Nullable StepKernel tryBind(DynamicCustomOp op, INDArray[] in, INDArray[] out) {
        double[] t = op.tArgs();
        if (in.length != 2 || out.length != 1 || t.length > 1) {
            return null;
        }
        for (INDArray a : new INDArray[] {in[0], in[1], out[0]}) {
            if (!StepKernels.plain(a) || !StepKernels.small(a) || a.length() != in[0].length()) {
                return null;
            }
        }
        float threshold = t.length == 0 ? 0f : (float) t[0];
        if (threshold != (t.length == 0 ? 0.0 : t[0])) {
            return null; // a threshold float32 cannot hold exactly: leave the comparison to the native op
        }
        return new ReluGradKernel(in[0], in[1], out[0], threshold);
    }

    @Override
    public void run() {
        if (threshold == 0f) {
            runAtZero();
        } else {
            runAtThreshold();
        }
    }

    /**
     * x > 0 exactly when x's bits, read as an int, are in (0, +inf]: -x is negative and
     * {@code bits - (+inf + 1)} is negative (a negative x makes -x positive; -0.0 and NaNs fall
     * outside). The sign of their AND, spread over the word, masks dy's bits.
     */
    private void runAtZero() {
        for (int off = 0; off < n; off += CHUNK) {
            int len = Math.min(CHUNK, n - off);
            xBits.get(off, xc, 0, len);
            dyBits.get(off, dc, 0, len);
            for (int i = 0; i < len; i++) {
                int b = xc[i];
                int positive = (-b & (b - (POSITIVE_INFINITY_BITS + 1))) >> 31;
                dc[i] &= positive;
            }
            dxBits.put(off, dc, 0, len);
        }
    }

    private void runAtThreshold() {
        float[] xf = new float[CHUNK];
        float[] df = new float[CHUNK];
        for (int off = 0; off < n; off += CHUNK) {
            int len = Math.min(CHUNK, n - off);
            x.get(off, xf, 0, len);
            dy.get(off, df, 0, len);
            for (int i = 0; i < len; i++) {
                df[i] = xf[i] > threshold ? df[i] : 0f;
            }
            dx.put(off, df, 0, len);
        }
    }

    @Override
    public void rebind(int index, INDArray array) {
        throw new IllegalStateException("ReLU gradient kernel: no input is fed");
    }
}

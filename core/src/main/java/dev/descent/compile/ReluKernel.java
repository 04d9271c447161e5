package dev.descent.compile;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code relu(x, cutoff)} (SameDiff's legacy scalar op {@code RectifiedLinear}):
 * {@code y = x < cutoff ? cutoff : x}, as libnd4j's scalar RELU op
 * computes it (so NaN and -0.0 pass through unchanged, the same bits as the native kernel). The
 * native op's fixed cost (~20–30 µs for a 128 x 256 layer, its threads woken for a few thousand
 * comparisons) is several times the arithmetic; this loop runs a chunk at a time through the heap.
 */
final class ReluKernel implements StepKernel {
    /** Floats per chunk: the chunk array (8 KB) stays in L1 cache. */
    private static final int CHUNK = 2048;

    private final FloatBuffer x;
    private final FloatBuffer y;
    private final float cutoff;
    private final int n;
    private final float[] chunk = new float[CHUNK];
    private final IntBuffer xBits;
    private final IntBuffer yBits;
    private final int[] bits = new int[CHUNK];
    /** -(bits of -inf) - 1: added to bits, negative exactly for bits at or below -inf's. */
    private static final int NEGATIVE_INFINITY_ABOVE = 8388607;

    private ReluKernel(INDArray x, INDArray y, float cutoff) {
        this.x = x.data().asNioFloat();
        this.y = y.data().asNioFloat();
        this.cutoff = cutoff;
        this.n = (int) x.length();
        this.xBits = x.data().asNioInt();
        this.yBits = y.data().asNioInt();
    }

    static @Nullable StepKernel tryBind(double cutoffArgument, INDArray[] in, INDArray[] out) {
        if (in.length != 1 || out.length != 1) {
            return null;
        }
        for (INDArray a : new INDArray[] {in[0], out[0]}) {
            if (!StepKernels.plain(a) || !StepKernels.small(a) || a.length() != in[0].length()) {
                return null;
            }
        }
        float cutoff = (float) cutoffArgument;
        if (cutoff != cutoffArgument) {
            return null; // a cutoff float32 cannot hold exactly: leave the comparison to the native op
        }
        return new ReluKernel(in[0], out[0], cutoff);
    }

    @Override
    public void run() {
        if (cutoff == 0f) {
            runAtZero();
            return;
        }
        for (int off = 0; off < n; off += CHUNK) {
            int len = Math.min(CHUNK, n - off);
            x.get(off, chunk, 0, len);
            for (int i = 0; i < len; i++) {
                float v = chunk[i];
                chunk[i] = v < cutoff ? cutoff : v;
            }
            y.put(off, chunk, 0, len);
        }
    }

    /**
     * x < 0 exactly when x's bits, read as an int, are in (-0.0, -inf] — that is, in
     * (MIN_VALUE, -8388608] (-0.0 is Integer.MIN_VALUE; negative NaNs lie above -inf's bits).
     * {@code bits + 8388607} is negative for bits ≤ -inf's, {@code -(bits ^ MIN_VALUE)} is negative
     * unless bits is -0.0: the sign of their AND, spread over the word, clears the element. No
     * branch (a float comparison would be one, mispredicted on every other element of a layer's
     * random signs), and the loop vectorises.
     */
    private void runAtZero() {
        for (int off = 0; off < n; off += CHUNK) {
            int len = Math.min(CHUNK, n - off);
            xBits.get(off, bits, 0, len);
            for (int i = 0; i < len; i++) {
                int b = bits[i];
                int negative = ((b + NEGATIVE_INFINITY_ABOVE) & -(b ^ Integer.MIN_VALUE)) >> 31;
                bits[i] = b & ~negative;
            }
            yBits.put(off, bits, 0, len);
        }
    }

    @Override
    public void rebind(int index, INDArray array) {
        throw new IllegalStateException("ReLU kernel: no input is fed");
    }
}

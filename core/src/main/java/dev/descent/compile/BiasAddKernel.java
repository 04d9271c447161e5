package dev.descent.compile;

import java.nio.FloatBuffer;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code add} of {@code a [R,C] + b [C]} (a layer's bias): {@code y[r,c] = a[r,c] + b[c]}, one
 * float addition per element, so the same bits as the native broadcast. The native op's fixed cost
 * (~15–30 µs at 128 x 256) is several times the arithmetic; this loop runs whole rows a chunk at a
 * time through the heap.
 */
final class BiasAddKernel implements StepKernel {
    /** Floats per chunk (16 KB, in L1 cache), rounded down to whole rows. */
    private static final int CHUNK = 4096;

    private final FloatBuffer a;
    private final FloatBuffer y;
    private final float[] bias;
    private final FloatBuffer b;
    private final float[] chunk;
    private final int n;
    private final int cols;

    private BiasAddKernel(INDArray a, INDArray b, INDArray y, int cols) {
        this.a = a.data().asNioFloat();
        this.b = b.data().asNioFloat();
        this.y = y.data().asNioFloat();
        this.n = (int) a.length();
        this.cols = cols;
        this.bias = new float[cols];
        this.chunk = new float[CHUNK / cols * cols];
    }

    static @Nullable StepKernel tryBind(INDArray[] in, INDArray[] out) {
        if (in.length != 2 || out.length != 1) {
            return null;
        }
        INDArray a = in[0];
        INDArray b = in[1];
        if (a.rank() != 2 || !a.equalShapes(out[0])) {
            return null;
        }
        long cols = a.size(1);
        boolean rowVector = (b.rank() == 1 && b.size(0) == cols) || (b.rank() == 2 && b.size(0) == 1 && b.size(1) == cols);
        if (!rowVector || cols > CHUNK || !StepKernels.plain(a) || !StepKernels.small(a) || !StepKernels.plain(b)
                || !StepKernels.plain(out[0])) {
            return null;
        }
        return new BiasAddKernel(a, b, out[0], (int) cols);
    }

    @Override
    public void run() {
        b.get(0, bias, 0, cols); // the bias changes between steps (the optimizer updates it)
        for (int off = 0; off < n; off += chunk.length) {
            int len = Math.min(chunk.length, n - off);
            a.get(off, chunk, 0, len);
            for (int base = 0; base < len; base += cols) {
                for (int c = 0; c < cols; c++) {
                    chunk[base + c] += bias[c];
                }
            }
            y.put(off, chunk, 0, len);
        }
    }

    @Override
    public void rebind(int index, INDArray array) {
        throw new IllegalStateException("bias kernel: no input is fed");
    }
}

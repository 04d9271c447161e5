package dev.descent.optim;

import dev.descent.ExecutionPath;
import java.nio.FloatBuffer;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fast path of the adaptive rules ({@link Adam}, {@link AdamW}, {@link RmsProp}, {@link Adagrad},
 * {@link Adadelta}): one pass over the parameter, its gradient and up to three state buffers, all
 * plain float32 arrays in host memory. The pass goes a chunk at a time: each stream is bulk-copied
 * from its native buffer into a heap array (element reads from a native buffer are several times
 * slower than a bulk copy), the rule's {@link Chunk} updates the heap arrays with simple loops the
 * JIT vectorises, and the parameter and state are copied back. The chunk arrays are allocated once
 * per thread and reused, so a step allocates no arrays, native or heap. Parameters of a million
 * elements or more are split over the common fork-join pool: the update is memory-bound and one core
 * does not saturate the memory bus.
 *
 * <p>Only used where {@link ExecutionPath#hostBuffers()} holds (the CPU backend); each rule has a
 * portable twin in ND4J ops for every other case.
 */
final class FusedPass {
    /** Floats per chunk: five chunk arrays (40 KB) stay in the core's L1/L2 cache. */
    static final int CHUNK = 2048;
    /** Below this many elements one thread is faster than handing work to the pool. */
    private static final int PARALLEL_THRESHOLD = 1 << 20;
    /** Per thread: chunk arrays for the parameter, the gradient and three state buffers. */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[5][CHUNK]);

    private FusedPass() {
    }

    /**
     * One chunk of the update, in place on heap copies of {@code len} elements: {@code p} (the
     * parameter, copied back), {@code g} (a private copy of the gradient, which the kernel may
     * overwrite with temporaries; never copied back) and the state buffers {@code a, b, c} (copied
     * back; those the rule does not use are scratch arrays it may also use for temporaries).
     */
    @FunctionalInterface
    interface Chunk {
        void update(float[] p, float[] g, float[] a, float[] b, float[] c, int len);
    }

    /** Whether the fast path may run: host buffers, and every array plain contiguous float32 of the same length. */
    static boolean applicable(INDArray param, INDArray grad, @Nullable INDArray a, @Nullable INDArray b,
            @Nullable INDArray c) {
        long n = param.length();
        return ExecutionPath.hostBuffers() && plain(param) && same(grad, n) && (a == null || same(a, n))
                && (b == null || same(b, n)) && (c == null || same(c, n));
    }

    private static boolean same(INDArray x, long n) {
        return plain(x) && x.length() == n;
    }

    /** A contiguous float32 array that owns its whole buffer from offset 0, in C order. */
    static boolean plain(INDArray a) {
        return a.dataType() == DataType.FLOAT && !a.isView() && a.offset() == 0 && a.ordering() == 'c'
                && a.length() <= Integer.MAX_VALUE && a.data().length() == a.length();
    }

    /** Runs {@code kernel} over the whole parameter; the caller has checked {@link #applicable}. */
    static void run(INDArray param, INDArray grad, @Nullable INDArray a, @Nullable INDArray b, @Nullable INDArray c,
            Chunk kernel) {
        FloatBuffer p = param.data().asNioFloat();
        FloatBuffer g = grad.data().asNioFloat();
        @Nullable FloatBuffer fa = a == null ? null : a.data().asNioFloat();
        @Nullable FloatBuffer fb = b == null ? null : b.data().asNioFloat();
        @Nullable FloatBuffer fc = c == null ? null : c.data().asNioFloat();
        int n = (int) param.length();
        int parts = n < PARALLEL_THRESHOLD ? 1 : Math.min(ForkJoinPool.getCommonPoolParallelism() + 1,
                Math.max(1, n / (PARALLEL_THRESHOLD / 2)));
        if (parts <= 1) {
            range(kernel, p, g, fa, fb, fc, 0, n);
            return;
        }
        ForkJoinTask<?>[] tasks = new ForkJoinTask<?>[parts - 1];
        // chunk-aligned parts, so every part but the last runs whole chunks
        int part = (n / parts + CHUNK - 1) / CHUNK * CHUNK;
        for (int k = 0; k < parts - 1; k++) {
            int from = k * part;
            int to = Math.min(n, from + part);
            tasks[k] = ForkJoinPool.commonPool().submit(() -> range(kernel, p, g, fa, fb, fc, from, to));
        }
        range(kernel, p, g, fa, fb, fc, Math.min(n, (parts - 1) * part), n);
        for (ForkJoinTask<?> t : tasks) {
            t.join();
        }
    }

    private static void range(Chunk kernel, FloatBuffer p, FloatBuffer g, @Nullable FloatBuffer a,
            @Nullable FloatBuffer b, @Nullable FloatBuffer c, int from, int to) {
        float[][] s = SCRATCH.get();
        float[] pc = s[0];
        float[] gc = s[1];
        float[] ac = s[2];
        float[] bc = s[3];
        float[] cc = s[4];
        for (int off = from; off < to; off += CHUNK) {
            int len = Math.min(CHUNK, to - off);
            p.get(off, pc, 0, len);
            g.get(off, gc, 0, len);
            load(a, off, ac, len);
            load(b, off, bc, len);
            load(c, off, cc, len);
            kernel.update(pc, gc, ac, bc, cc, len);
            p.put(off, pc, 0, len);
            store(a, off, ac, len);
            store(b, off, bc, len);
            store(c, off, cc, len);
        }
    }

    /** Copies {@code len} floats at {@code off} of a state buffer the rule has (null: none) into its chunk array. */
    private static void load(@Nullable FloatBuffer state, int off, float[] chunk, int len) {
        if (state != null) {
            state.get(off, chunk, 0, len);
        }
    }

    /** Writes a chunk array back into the state buffer it was loaded from (null: none). */
    private static void store(@Nullable FloatBuffer state, int off, float[] chunk, int len) {
        if (state != null) {
            state.put(off, chunk, 0, len);
        }
    }

    /**
     * The first part of every rule's chunk: {@code g = maximize ? -g : g}, then, for coupled weight
     * decay, {@code g = g + wd * p} (one fused multiply-add, as torch's {@code add(param, alpha=wd)}).
     */
    static void direction(float[] p, float[] g, int len, boolean maximize, float weightDecay) {
        if (maximize) {
            for (int i = 0; i < len; i++) {
                g[i] = -g[i];
            }
        }
        if (weightDecay != 0) {
            for (int i = 0; i < len; i++) {
                g[i] = Math.fma(weightDecay, p[i], g[i]);
            }
        }
    }
}

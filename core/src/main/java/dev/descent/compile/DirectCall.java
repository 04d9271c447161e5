package dev.descent.compile;

import dev.descent.DescentException;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Runs a lean plan's native custom op with one call into libnd4j, as ND4J's CPU executioner does
 * at its core ({@code execCustomOp2} on the op's context), without the Java around that call: the
 * profiling hooks (with any of ND4J's profiling checks switched on, plans go through the
 * executioner instead, see {@link #usable}), the oneDNN override lookup, the output list copied
 * per call. The hooks' one unconditional check, that no bound array was closed, is made by the
 * lean executor on the fed arrays (the only ones it does not own). That wrapper is
 * some of the costliest Java the JIT compiles while a first epoch runs (~150 ms of C2 time for
 * {@code exec} and its profiling hook, measured with {@code -XX:+LogCompilation}), and a few µs
 * per op per step once compiled. Only for the CPU backend: the CUDA executioner does more around
 * the call (streams, synchronisation), so there plans always use the executioner.
 */
final class DirectCall {
    /** libnd4j's entry points when the backend is the CPU one; null otherwise. */
    static final @Nullable NativeOps OPS = cpuOps();

    private DirectCall() {
    }

    private static @Nullable NativeOps cpuOps() {
        if (!"org.nd4j.linalg.cpu.nativecpu.ops.NativeOpExecutioner".equals(Nd4j.getExecutioner().getClass().getName())) {
            return null;
        }
        return NativeOpsHolder.getInstance().getDeviceNativeOps();
    }

    /**
     * Whether a step on {@code feeds} may call libnd4j directly: the CPU backend, none of ND4J's
     * profiling checks on (its workspace check, on by default, concerns only arrays attached to a
     * memory workspace: a plan's own arrays never are, and a step fed such an array goes through
     * the executioner).
     */
    static boolean usable(INDArray[] feeds) {
        if (OPS == null) {
            return false;
        }
        ProfilerConfig c = OpProfiler.getInstance().getConfig();
        if (c != null && (c.isStackTrace() || c.isCheckElapsedTime() || c.isCheckForNAN() || c.isCheckForINF())) {
            return false;
        }
        for (INDArray f : feeds) {
            if (f != null && f.isAttached()) {
                return false;
            }
        }
        return true;
    }

    /** Executes {@code op} on its bound context; a failure is reported as the executioner reports it. */
    static void exec(NativeOps ops, CustomOp op, long opHash, OpContext context) {
        int status = ops.execCustomOp2(null, opHash, context.contextPointer());
        if (status != 0) {
            throw new DescentException("Native op '" + op.opName() + "' failed in a training step: " + ops.lastErrorMessage());
        }
    }
}

package dev.descent;

import java.util.Locale;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which way a training step runs, decided per backend.
 *
 * <ul>
 *   <li>{@link #FAST}: the CPU backend's buffers live in host memory, so Java kernels read and write
 *       them directly (the step kernels and fusions of {@code compile}, the fused SGD update, the
 *       gradient-norm loop, the label conversion of the feed checks) and custom ops are called
 *       straight into libnd4j.</li>
 *   <li>{@link #PORTABLE}: ND4J and SameDiff ops only, through the backend's executioner. On any
 *       backend but the CPU one (CUDA) this is the only correct path: a device array's host view may
 *       be stale, and a write to it never reaches the device.</li>
 * </ul>
 *
 * <p>Both paths give the same numbers to float rounding (the goldens are replayed on both). Force the
 * portable path on the CPU with {@code -Ddescent.portable=true} (or {@code ./descent parity --portable});
 * the property is read whenever a plan is bound or an update runs, so it may be set at run time.
 */
public enum ExecutionPath {
    FAST,
    PORTABLE;

    /** The system property that forces {@link #PORTABLE} on the CPU backend. */
    public static final String PORTABLE_PROPERTY = "descent.portable";

    /** The CPU backend's class (nd4j-native); every other backend takes the portable path. */
    static final String CPU_BACKEND = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionPath.class);

    /** Whether the loaded backend is the CPU one; looked up once (the backend never changes in a JVM). */
    private static final class Loaded {
        static final String BACKEND = Nd4j.getBackend().getClass().getName();
        static final boolean CPU = isCpu(BACKEND);

        static {
            if (!CPU) {
                LOG.info("ND4J backend {} is not the CPU backend: training takes the portable path (ND4J ops only)", BACKEND);
            }
        }
    }

    /** The path for the backend loaded in this JVM and the current value of {@link #PORTABLE_PROPERTY}. */
    public static ExecutionPath current() {
        return select(Loaded.BACKEND, System.getProperty(PORTABLE_PROPERTY));
    }

    /** Whether Java code may touch native buffers directly now (shorthand for {@code current() == FAST}). */
    public static boolean hostBuffers() {
        return current() == FAST;
    }

    /**
     * The path for a backend, given by its class name, and the property's value: {@link #FAST} only
     * for the CPU backend with the portable path not forced.
     */
    public static ExecutionPath select(String backendClass, @org.jspecify.annotations.Nullable String portableProperty) {
        boolean forced = portableProperty != null && !"false".equals(portableProperty.trim().toLowerCase(Locale.ROOT));
        return isCpu(backendClass) && !forced ? FAST : PORTABLE;
    }

    private static boolean isCpu(String backendClass) {
        return CPU_BACKEND.equals(backendClass);
    }
}

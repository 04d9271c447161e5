package dev.descent.compile;

import dev.descent.ExecutionPath;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Describes the execution backend in use: which ND4J backend was loaded (CPU or CUDA, chosen by
 * the class path, not by code), its BLAS vendor, thread counts and versions.
 */
public final class BackendInfo {
    private BackendInfo() {
    }

    /** Key/value lines for {@code descent info}. */
    public static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("descent", "0.1.0");
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        String backend = Nd4j.getBackend().getClass().getName();
        m.put("nd4j backend", backend.substring(backend.lastIndexOf('.') + 1) + " (" + backendKind(backend) + ")");
        m.put("execution path", ExecutionPath.current().name().toLowerCase(Locale.ROOT)
                + (ExecutionPath.hostBuffers() ? " (Java kernels on host buffers, direct native calls)"
                : " (ND4J ops only; -D" + ExecutionPath.PORTABLE_PROPERTY + " or a non-CPU backend)"));
        m.put("nd4j version", String.valueOf(Nd4j.class.getPackage().getImplementationVersion() == null
                ? "1.0.0-M2.1" : Nd4j.class.getPackage().getImplementationVersion()));
        Object vendor = Nd4j.getExecutioner().getEnvironmentInformation().get("blas.vendor");
        m.put("blas vendor", String.valueOf(vendor == null ? Nd4j.factory().blas().getBlasVendor() : vendor));
        m.put("blas threads", String.valueOf(Nd4j.factory().blas().getMaxThreads()));
        m.put("nd4j threads", String.valueOf(Nd4j.getEnvironment().maxThreads()));
        m.put("OMP_NUM_THREADS", String.valueOf(System.getenv("OMP_NUM_THREADS")));
        m.put("data type", String.valueOf(Nd4j.dataType()));
        m.put("cpus", String.valueOf(Runtime.getRuntime().availableProcessors()));
        m.put("max heap", (Runtime.getRuntime().maxMemory() >> 20) + " MB");
        return m;
    }

    private static String backendKind(String backendClass) {
        String lower = backendClass.toLowerCase(Locale.ROOT);
        if (lower.contains("cpu")) {
            return "CPU, nd4j-native";
        }
        return lower.contains("cublas") || lower.contains("cuda") ? "CUDA, nd4j-cuda" : "other";
    }
}

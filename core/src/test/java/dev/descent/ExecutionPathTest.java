package dev.descent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The path follows the backend's identity and the property; only the CPU backend takes the fast path. */
class ExecutionPathTest {
    private static final String CPU = "org.nd4j.linalg.cpu.nativecpu.CpuBackend";
    private static final String CUDA = "org.nd4j.linalg.jcublas.JCublasBackend";

    @Test
    void aCudaBackendTakesThePortablePathWhateverTheProperty() {
        assertEquals(ExecutionPath.PORTABLE, ExecutionPath.select(CUDA, null));
        assertEquals(ExecutionPath.PORTABLE, ExecutionPath.select(CUDA, "false"));
        assertEquals(ExecutionPath.PORTABLE, ExecutionPath.select("com.example.SomeFutureBackend", null));
    }

    @Test
    void theCpuBackendTakesTheFastPathUnlessPortableIsForced() {
        assertEquals(ExecutionPath.FAST, ExecutionPath.select(CPU, null));
        assertEquals(ExecutionPath.FAST, ExecutionPath.select(CPU, "false"));
        assertEquals(ExecutionPath.FAST, ExecutionPath.select(CPU, " FALSE "));
        assertEquals(ExecutionPath.PORTABLE, ExecutionPath.select(CPU, "true"));
        // -Ddescent.portable with no value
        assertEquals(ExecutionPath.PORTABLE, ExecutionPath.select(CPU, ""));
    }

    @Test
    void currentReadsTheLoadedBackendAndThePropertyNow() {
        String before = System.getProperty(ExecutionPath.PORTABLE_PROPERTY);
        try {
            System.clearProperty(ExecutionPath.PORTABLE_PROPERTY);
            // on the CPU backend (the default build) the fast path; on CUDA (-Pcuda, scripts/gpu-check.sh) the portable one
            boolean cpu = CPU.equals(org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getName());
            assertEquals(cpu ? ExecutionPath.FAST : ExecutionPath.PORTABLE, ExecutionPath.current(),
                    "backend " + org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getName());
            System.setProperty(ExecutionPath.PORTABLE_PROPERTY, "true");
            assertEquals(ExecutionPath.PORTABLE, ExecutionPath.current());
        } finally {
            if (before == null) {
                System.clearProperty(ExecutionPath.PORTABLE_PROPERTY);
            } else {
                System.setProperty(ExecutionPath.PORTABLE_PROPERTY, before);
            }
        }
    }
}

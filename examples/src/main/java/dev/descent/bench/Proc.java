package dev.descent.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident memory from {@code /proc/self/status}, in MB (NaN off Linux), and small timing helpers. */
final class Proc {
    private Proc() {
    }

    static double rssMb() {
        return statusMb("VmRSS:");
    }

    /** Peak resident memory (VmHWM). */
    static double peakRssMb() {
        return statusMb("VmHWM:");
    }

    private static double statusMb(String key) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(key)) {
                    return Double.parseDouble(l.substring(key.length()).trim().split("\\s+")[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no memory figures
        }
        return Double.NaN;
    }

    /** Native bytes JavaCPP currently tracks (ND4J buffers not yet freed), as the SameDiff peer reports. */
    static double javacppMb() {
        return org.bytedeco.javacpp.Pointer.totalBytes() / (1024.0 * 1024.0);
    }

    static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        int n = c.length;
        return n % 2 == 1 ? c[n / 2] : 0.5 * (c[n / 2 - 1] + c[n / 2]);
    }

    /** Collects garbage (and with it ND4J buffers whose arrays are unreachable) before a memory baseline. */
    static void settle() {
        System.gc();
        System.runFinalization();
    }
}

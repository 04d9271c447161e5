package peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The harness's output format and the process measurements every workload reports. Result lines go to
 * stdout, {@code {"impl": ..., "workload": ..., "metric": ..., "value": ..., "unit": ...}}, with 6
 * significant digits and {@code null} for a missing value; the driver keeps only lines starting with
 * '{', so SameDiff's own chatter on stdout does no harm.
 */
final class Report {
    private Report() {
    }

    static void line(String impl, String workload, String metric, double value, String unit) {
        String v = Double.isFinite(value) ? String.format(Locale.ROOT, "%.6g", value) : "null";
        System.out.println("{\"impl\": \"" + impl + "\", \"workload\": \"" + workload + "\", \"metric\": \"" + metric
                + "\", \"value\": " + v + ", \"unit\": \"" + unit.replace('"', '\'').replace('\\', '/') + "\"}");
        System.out.flush();
    }

    /** Resident set now, MB. */
    static double rssMb() {
        return procStatusMb("VmRSS:");
    }

    /** Peak resident set of the process so far, MB. */
    static double peakRssMb() {
        return procStatusMb("VmHWM:");
    }

    /** Native memory JavaCPP is tracking (ND4J buffers not yet released), MB: tells a leak from RSS noise. */
    static double javacppMb() {
        return org.bytedeco.javacpp.Pointer.totalBytes() / (1024.0 * 1024.0);
    }

    private static double procStatusMb(String field) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith(field)) {
                    return Long.parseLong(l.substring(field.length()).trim().split("\\s+")[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc (not Linux): the metric is reported as null
        }
        return Double.NaN;
    }
}

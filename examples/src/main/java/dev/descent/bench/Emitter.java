package dev.descent.bench;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the harness's JSON lines, {@code {"impl": "ours", "workload": "W1", "metric": "us_per_step",
 * "value": 87.5, "unit": "us"}}, and remembers the values (for the result checks and the tests).
 * Values keep 6 significant digits, like the peers; NaN and infinities print as {@code null}.
 */
final class Emitter {
    static final String IMPL = "ours";

    private final PrintStream out;
    private final Map<String, Double> values = new LinkedHashMap<>();

    Emitter(PrintStream out) {
        this.out = out;
    }

    void emit(String workload, String metric, double value, String unit) {
        values.put(workload + "/" + metric, value);
        out.println(line(IMPL, workload, metric, value, unit));
        out.flush();
    }

    /** Where {@code workload}'s metrics go. */
    Metrics metrics(String workload) {
        return new Metrics(this, workload);
    }

    /** The last value emitted for (workload, metric), or NaN. */
    double value(String workload, String metric) {
        return values.getOrDefault(workload + "/" + metric, Double.NaN);
    }

    /** Whether (workload, metric) was emitted. */
    boolean has(String workload, String metric) {
        return values.containsKey(workload + "/" + metric);
    }

    static String line(String impl, String workload, String metric, double value, String unit) {
        return "{\"impl\": " + quote(impl) + ", \"workload\": " + quote(workload) + ", \"metric\": " + quote(metric)
                + ", \"value\": " + number(value) + ", \"unit\": " + quote(unit) + "}";
    }

    /** {@code %.6g} without trailing zeros or exponent noise: 87.5, 0.0100, 39900 -> 87.5, 0.01, 39900. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return "null";
        }
        if (v == 0) {
            return "0";
        }
        return new BigDecimal(String.format(Locale.ROOT, "%.6g", v)).stripTrailingZeros().toPlainString();
    }

    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}

package dev.descent.dsl.progress;

import java.util.Locale;

/** Number, duration and unit formatting shared by the display modes. Locale-independent. */
final class Formats {
    private Formats() {}

    /** Four decimals in the everyday range, scientific notation for tiny or huge values. */
    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        double abs = Math.abs(v);
        if (abs == 0 || (abs >= 1e-3 && abs < 1e5)) {
            return String.format(Locale.ROOT, "%.4f", v);
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    static String rate(double perSecond) {
        if (perSecond >= 100) {
            return String.format(Locale.ROOT, "%.0f", perSecond);
        }
        if (perSecond >= 10) {
            return String.format(Locale.ROOT, "%.1f", perSecond);
        }
        return String.format(Locale.ROOT, "%.2f", perSecond);
    }

    /** hh:mm:ss, hours unbounded. */
    static String duration(double seconds) {
        long s = Math.max(0, Math.round(seconds));
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /**
     * English plural of a unit name, good enough for units: step -> steps, batch -> batches,
     * epoch -> epochs, pass -> passes; a name already ending in a single s is kept (samples).
     */
    static String plural(String unit) {
        boolean ch = unit.endsWith("ch") && !unit.endsWith("och");
        if (unit.endsWith("ss") || unit.endsWith("x") || unit.endsWith("sh") || ch) {
            return unit + "es";
        }
        return unit.endsWith("s") ? unit : unit + "s";
    }
}

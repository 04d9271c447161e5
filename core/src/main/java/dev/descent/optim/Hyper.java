package dev.descent.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Reads hyper-parameters given by torch keyword names, with clear errors for wrong types or names. */
final class Hyper {
    private Hyper() {
    }

    static double number(Map<String, Object> h, String key, double fallback) {
        Object v = h.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw new IllegalArgumentException("Invalid " + key + " value: " + v + " (a " + v.getClass().getSimpleName()
                + "); " + key + " must be a number");
    }

    static boolean flag(Map<String, Object> h, String key, boolean fallback) {
        Object v = h.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("Invalid " + key + " value: " + v + "; " + key + " must be true or false");
    }

    static void onlyKnown(String rule, Map<String, Object> h, Set<String> known) {
        for (String k : h.keySet()) {
            if (!known.contains(k)) {
                throw new IllegalArgumentException("Unknown hyper-parameter '" + k + "' for " + rule + "; it takes "
                        + known + " (torch's keyword names, e.g. weight_decay)");
            }
        }
    }

    /** A map of {@code name, value} pairs in the given order (torch's, for display and checkpoints). */
    static Map<String, Object> ordered(Object... namesAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            m.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return m;
    }
}

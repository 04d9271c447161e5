package dev.descent.schedule;

/** Argument checks with messages that name the parameter, echo the value and state the rule. */
final class Check {
    private Check() {
    }

    static void t(long t) {
        if (t < 0) {
            throw new IllegalArgumentException("Invalid t: " + t
                    + " (the step or epoch counter is 0-based and must be >= 0)");
        }
    }

    static void baseLr(double baseLr) {
        if (!(baseLr >= 0) || Double.isInfinite(baseLr)) {
            throw new IllegalArgumentException("Invalid baseLr: " + baseLr
                    + " (the base learning rate must be a finite number >= 0, e.g. 0.01)");
        }
    }

    static void atLeastOne(String name, long v) {
        if (v < 1) {
            throw new IllegalArgumentException("Invalid " + name + ": " + v + " (" + name + " must be >= 1)");
        }
    }

    static void nonNegative(String name, long v) {
        if (v < 0) {
            throw new IllegalArgumentException("Invalid " + name + ": " + v + " (" + name + " must be >= 0)");
        }
    }

    static void positiveFinite(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("Invalid " + name + ": " + v + " (" + name
                    + " must be a finite number > 0)");
        }
    }

    static void nonNegativeFinite(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException("Invalid " + name + ": " + v + " (" + name
                    + " must be a finite number >= 0)");
        }
    }

    static <T> T notNull(String name, T v) {
        if (v == null) {
            throw new IllegalArgumentException("Invalid " + name + ": null (give a value)");
        }
        return v;
    }
}

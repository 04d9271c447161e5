package dev.descent.bench;

import dev.descent.DescentException;

/** A workload's result is wrong: its timing would mean nothing. Reported as an {@code error} metric. */
final class CheckFailedException extends DescentException {
    private static final long serialVersionUID = 1L;

    CheckFailedException(String message) {
        super(message);
    }

    /** Throws unless {@code |actual - expected| <= tolerance}. */
    static void near(String what, double actual, double expected, double tolerance) {
        if (!(Math.abs(actual - expected) <= tolerance)) {
            throw new CheckFailedException(what + " = " + actual + ", expected " + expected + " +- " + tolerance);
        }
    }

    /** Throws unless {@code lo <= actual <= hi}. */
    static void within(String what, double actual, double lo, double hi) {
        if (!(actual >= lo && actual <= hi)) {
            throw new CheckFailedException(what + " = " + actual + ", expected within [" + lo + ", " + hi + "]");
        }
    }
}

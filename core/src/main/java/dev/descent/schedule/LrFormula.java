package dev.descent.schedule;

/** The formula of a closed-form schedule: the rate for step or epoch {@code t}, both already checked. */
interface LrFormula {
    double lr(double baseLr, long t);
}

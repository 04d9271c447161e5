package dev.descent.schedule;

/**
 * A closed-form schedule: a formula, and what its counter counts. The base rate and the counter are
 * checked here, once for every formula.
 */
record ClosedFormLr(LrFormula formula, LrSchedule.Unit unit) implements LrSchedule {
    ClosedFormLr {
        Check.notNull("unit", unit);
    }

    @Override
    public double lr(double baseLr, long t) {
        Check.baseLr(baseLr);
        Check.t(t);
        return formula.lr(baseLr, t);
    }
}

package dev.descent.schedule;

/** The base rate throughout. */
record ConstantLr(LrSchedule.Unit unit) implements LrSchedule {
    ConstantLr {
        Check.notNull("unit", unit);
    }

    @Override
    public double lr(double baseLr, long t) {
        Check.baseLr(baseLr);
        Check.t(t);
        return baseLr;
    }
}

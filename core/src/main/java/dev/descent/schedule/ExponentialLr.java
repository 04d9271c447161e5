package dev.descent.schedule;

/** torch {@code ExponentialLR}: {@code base * gamma^t}. */
record ExponentialLr(double gamma, LrSchedule.Unit unit) implements LrSchedule {
    ExponentialLr {
        Check.positiveFinite("gamma", gamma);
        Check.notNull("unit", unit);
    }

    @Override
    public double lr(double baseLr, long t) {
        Check.baseLr(baseLr);
        Check.t(t);
        return baseLr * Math.pow(gamma, (double) t);
    }
}

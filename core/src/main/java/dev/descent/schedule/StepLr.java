package dev.descent.schedule;

/** torch {@code StepLR}: {@code base * gamma^floor(t / stepSize)}. */
record StepLr(long stepSize, double gamma, LrSchedule.Unit unit) implements LrSchedule {
    StepLr {
        Check.atLeastOne("stepSize", stepSize);
        Check.positiveFinite("gamma", gamma);
        Check.notNull("unit", unit);
    }

    @Override
    public double lr(double baseLr, long t) {
        Check.baseLr(baseLr);
        Check.t(t);
        return baseLr * Math.pow(gamma, (double) (t / stepSize));
    }
}

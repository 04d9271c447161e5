package dev.descent.schedule;

/**
 * torch {@code CosineAnnealingLR}'s closed form:
 * {@code etaMin + (base - etaMin) * (1 + cos(pi * t / tMax)) / 2}; past {@code tMax} it rises
 * again along the same cosine, as torch's closed form does.
 */
record CosineLr(long tMax, double etaMin, LrSchedule.Unit unit) implements LrSchedule {
    CosineLr {
        Check.atLeastOne("tMax", tMax);
        Check.nonNegativeFinite("etaMin", etaMin);
        Check.notNull("unit", unit);
    }

    @Override
    public double lr(double baseLr, long t) {
        Check.baseLr(baseLr);
        Check.t(t);
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * t / tMax)) / 2;
    }
}

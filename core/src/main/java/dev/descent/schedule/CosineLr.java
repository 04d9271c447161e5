package dev.descent.schedule;

/**
 * torch {@code CosineAnnealingLR}'s closed form:
 * {@code etaMin + (base - etaMin) * (1 + cos(pi * t / tMax)) / 2}; past {@code tMax} it rises
 * again along the same cosine, as torch's closed form does.
 */
record CosineLr(long tMax, double etaMin) implements LrFormula {
    CosineLr {
        Check.atLeastOne("tMax", tMax);
        Check.nonNegativeFinite("etaMin", etaMin);
    }

    @Override
    public double lr(double baseLr, long t) {
        return annealed(baseLr, etaMin, t, tMax);
    }

    /** {@code etaMin + (base - etaMin) * (1 + cos(pi * cur / period)) / 2}, also each warm-restart cycle's curve. */
    static double annealed(double baseLr, double etaMin, long cur, long period) {
        return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * cur / period)) / 2;
    }
}

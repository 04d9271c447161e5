package dev.descent.schedule;

/**
 * torch {@code CosineAnnealingWarmRestarts}: cycles of length {@code T_i = t0 * tMult^i}; within a
 * cycle, {@code etaMin + (base - etaMin) * (1 + cos(pi * T_cur / T_i)) / 2}. Restarts fall at
 * {@code t0, t0 * (1 + tMult), t0 * (1 + tMult + tMult^2), ...}. The cycle is found with integer
 * arithmetic, so restarts land exactly on those counters (torch's {@code math.log} form can
 * misround at a boundary for some {@code tMult}).
 */
record CosineWarmRestartsLr(long t0, int tMult, double etaMin) implements LrFormula {
    CosineWarmRestartsLr {
        Check.atLeastOne("t0", t0);
        Check.atLeastOne("tMult", tMult);
        Check.nonNegativeFinite("etaMin", etaMin);
    }

    @Override
    public double lr(double baseLr, long t) {
        long cycle = t0;
        long cur = t;
        if (tMult == 1) {
            cur = t % t0;
        } else {
            while (cur >= cycle) {
                cur -= cycle;
                if (cycle > Long.MAX_VALUE / tMult) {
                    break; // a cycle this long outlasts any counter
                }
                cycle *= tMult;
            }
        }
        return CosineLr.annealed(baseLr, etaMin, cur, cycle);
    }
}

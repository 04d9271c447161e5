package dev.descent.schedule;

/** torch's StepLR, MultiStepLR and ExponentialLR: {@code base * gamma^decays(t)}. */
interface GammaDecay extends LrFormula {
    double gamma();

    /** How many times the rate has been multiplied by {@code gamma} by step or epoch {@code t}. */
    long decays(long t);

    @Override
    default double lr(double baseLr, long t) {
        return baseLr * Math.pow(gamma(), decays(t));
    }
}

package dev.descent.schedule;

/** torch {@code ExponentialLR}: {@code base * gamma^t}. */
record ExponentialLr(double gamma) implements GammaDecay {
    ExponentialLr {
        Check.positiveFinite("gamma", gamma);
    }

    @Override
    public long decays(long t) {
        return t;
    }
}

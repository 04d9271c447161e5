package dev.descent.schedule;

/** torch {@code StepLR}: {@code base * gamma^floor(t / stepSize)}. */
record StepLr(long stepSize, double gamma) implements GammaDecay {
    StepLr {
        Check.atLeastOne("stepSize", stepSize);
        Check.positiveFinite("gamma", gamma);
    }

    @Override
    public long decays(long t) {
        return t / stepSize;
    }
}

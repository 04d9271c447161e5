package dev.descent.bench;

import dev.descent.data.Rng;

/** Seeded synthetic data from {@link Rng}: same numbers on every run and machine. */
final class Gaussians {
    private Gaussians() {
    }

    /** {@code n} standard normal floats times {@code scale}. */
    static float[] normal(Rng rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (scale * rng.nextGaussian());
        }
        return a;
    }
}

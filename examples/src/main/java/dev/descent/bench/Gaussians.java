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

    /** {@code n} floats uniform in {@code [-bound, bound)}: torch's {@code nn.Linear} default init with bound 1/sqrt(fan_in). */
    static float[] uniform(Rng rng, int n, double bound) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((2 * rng.nextDouble() - 1) * bound);
        }
        return a;
    }
}

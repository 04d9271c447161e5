package dev.descent.examples.demo;

import dev.descent.examples.SeedSteps;

/**
 * Part 1: the source material's two hand-computed steps, {@code pred = w·x}, MSE, lr 0.001, from
 * w = 100, run through the library and checked against the closed form
 * {@code w − lr · 2 (w − 1) mean(x²)} (x = y, so the gradient of mean((w x − x)²) is that).
 *
 * @param oneSample        w after one step on x = y = 1
 * @param oneSampleExact   the closed form for that step
 * @param tenSamples       w after one step on x = y = 1..10 as one batch
 * @param tenSamplesExact  the closed form for that step
 */
record SeedStepReplay(double oneSample, double oneSampleExact, double tenSamples, double tenSamplesExact) {
    static final double W0 = 100;
    static final double LR = 0.001;

    static SeedStepReplay run() {
        float[] one = {1f};
        float[] ten = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        return new SeedStepReplay(SeedSteps.stepFrom100(one), exact(one), SeedSteps.stepFrom100(ten), exact(ten));
    }

    /** One GD step of MSE on pred = w·x against y = x, in double precision. */
    static double exact(float[] xs) {
        double meanSq = 0;
        for (float x : xs) {
            meanSq += (double) x * x;
        }
        meanSq /= xs.length;
        return W0 - LR * 2 * (W0 - 1) * meanSq;
    }
}

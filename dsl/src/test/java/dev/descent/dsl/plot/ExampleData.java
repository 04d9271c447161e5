package dev.descent.dsl.plot;

import dev.descent.dsl.chart.Series;
import java.util.Random;

/** Deterministic stand-ins for training histories, shaped like the real ones. */
final class ExampleData {
    private ExampleData() {}

    /** Loss per step: exponential decay towards a floor, with multiplicative noise of size {@code noise}. */
    static Series lossCurve(String name, int steps, double rate, double noise, long seed) {
        Random rnd = new Random(seed);
        double[] x = new double[steps];
        double[] y = new double[steps];
        for (int i = 0; i < steps; i++) {
            x[i] = i;
            y[i] = (2.0 * Math.exp(-rate * i) + 0.01) * Math.exp(noise * rnd.nextGaussian());
        }
        return new Series(name, x, y);
    }

    /** Gradient descent on x² + y² (gradient 2x, 2y), optionally with Gaussian gradient noise. */
    static Series bowlPath(String name, double x0, double y0, double lr, double noise, int steps, long seed) {
        Random rnd = new Random(seed);
        double[] xs = new double[steps + 1];
        double[] ys = new double[steps + 1];
        xs[0] = x0;
        ys[0] = y0;
        for (int t = 0; t < steps; t++) {
            xs[t + 1] = xs[t] - lr * (2 * xs[t] + noise * rnd.nextGaussian());
            ys[t + 1] = ys[t] - lr * (2 * ys[t] + noise * rnd.nextGaussian());
        }
        return new Series(name, xs, ys);
    }
}

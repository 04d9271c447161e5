package dev.descent.examples.demo;

import dev.descent.dsl.Progress;
import java.util.Objects;

/**
 * The demo's budgets and seeds. {@link #standard()} is what {@code ./descent demo} runs; tests
 * shrink the budgets to stay fast.
 *
 * @param regressionPoints  N, the synthetic regression data set's size
 * @param regressionEpochs  passes over the data every variant gets (the equal sample budget)
 * @param miniBatchSize     the mini-batch variant's batch size
 * @param regressionLr      the one learning rate all three variants share
 * @param bowlSteps         steps on the bowl for GD and for noisy SGD
 * @param bowlNoise         standard deviation of the gradient noise added per coordinate
 * @param digitsEpochs      MLP training epochs
 * @param digitsHidden      hidden units of the MLP
 * @param seed              the one seed everything random derives from
 * @param progress          how training shows progress (always on stderr)
 */
public record DemoConfig(int regressionPoints, int regressionEpochs, int miniBatchSize, double regressionLr,
        int bowlSteps, double bowlNoise, int digitsEpochs, int digitsHidden, long seed, Progress progress) {

    public DemoConfig {
        positive("regressionPoints", regressionPoints);
        positive("regressionEpochs", regressionEpochs);
        positive("miniBatchSize", miniBatchSize);
        positive("bowlSteps", bowlSteps);
        positive("digitsEpochs", digitsEpochs);
        positive("digitsHidden", digitsHidden);
        if (miniBatchSize >= regressionPoints) {
            throw new IllegalArgumentException("Invalid miniBatchSize: " + miniBatchSize + " (must be below regressionPoints = "
                    + regressionPoints + ", or the mini-batch run is just GD)");
        }
        if (!(regressionLr > 0) || !Double.isFinite(regressionLr)) {
            throw new IllegalArgumentException("Invalid regressionLr: " + regressionLr + " (must be finite and > 0, e.g. 0.1)");
        }
        if (!(bowlNoise >= 0) || !Double.isFinite(bowlNoise)) {
            throw new IllegalArgumentException("Invalid bowlNoise: " + bowlNoise + " (must be finite and >= 0, e.g. 1.5)");
        }
        Objects.requireNonNull(progress, "progress");
    }

    /**
     * The full demo: N = 500 and 12 epochs each (6,000 samples: 12 GD steps, 6,000 SGD steps), batch
     * 32, lr 0.1; 50 bowl steps with noise sd 1.5; 15 digits epochs with 32 hidden units.
     */
    public static DemoConfig standard() {
        return new DemoConfig(500, 12, 32, 0.1, 50, 1.5, 15, 32, 42L, Progress.AUTO);
    }

    /** The same demo with another progress mode. */
    public DemoConfig withProgress(Progress p) {
        return new DemoConfig(regressionPoints, regressionEpochs, miniBatchSize, regressionLr, bowlSteps, bowlNoise,
                digitsEpochs, digitsHidden, seed, p);
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("Invalid " + name + ": " + value + " (must be >= 1)");
        }
    }
}

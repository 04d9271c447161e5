package dev.descent.examples.demo;

import dev.descent.data.Dataset;
import dev.descent.data.Split;
import dev.descent.dsl.Descent;
import dev.descent.dsl.Model;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.metric.Metric;
import dev.descent.dsl.nn.Activation;
import dev.descent.dsl.nn.Sequential;

/**
 * Part 4, beside the MLP: a small CNN on the same 8×8 digits (the same split and standardisation),
 * the images as [1, 8, 8]: conv 8@3×3 (padding 1) → ReLU → max-pool 2 → conv 16@3×3 (padding 1)
 * → ReLU → max-pool 2 → 10, trained like the MLP (cross-entropy, SGD with momentum, batches of 32).
 */
final class DigitsCnn {
    /** Fewer epochs than the MLP: each costs more, and the CNN needs fewer to overtake it. */
    static final int MAX_EPOCHS = 8;

    private DigitsCnn() {
    }

    /**
     * What the run produced.
     *
     * @param architecture the network's layer summary
     * @param parameters   trainable parameter count
     * @param epochs       epochs trained
     * @param valAccuracy  accuracy on the held-out part
     * @param wrong        misclassified held-out samples
     * @param seconds      training wall time
     */
    record Result(String architecture, long parameters, int epochs, double valAccuracy, int wrong, double seconds) {
    }

    static Result run(DemoConfig cfg) {
        Split split = DigitsClassifier.standardizedSplit(cfg);
        Dataset train = images(split.train());
        Dataset val = images(split.validation());
        Sequential net = Sequential.of(s -> s.input(1, 8, 8)
                .conv2d(c -> c.outChannels(8).kernel(3).padding(1).activation(Activation.relu())).maxPool2d(2)
                .conv2d(c -> c.outChannels(16).kernel(3).padding(1).activation(Activation.relu())).maxPool2d(2)
                .flatten().dense(DigitsClassifier.CLASSES)
                .seed(cfg.seed()));
        int epochs = Math.min(cfg.digitsEpochs(), MAX_EPOCHS);
        try (Model model = Model.of(net, Loss.crossEntropy())) {
            long t0 = System.nanoTime();
            model.fit(train, t -> t.optimizer(Descent.sgd(DigitsClassifier.LR).momentum(DigitsClassifier.MOMENTUM))
                    .miniBatch(DigitsClassifier.BATCH).seed(cfg.seed()).epochs(epochs).progress(cfg.progress()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double acc = model.evaluate(val, Metric.accuracy()).get("accuracy");
            long params = model.parameters().values().stream().mapToLong(a -> a.length()).sum();
            return new Result(net.summary(), params, epochs, acc, (int) Math.round((1 - acc) * val.size()), seconds);
        }
    }

    /** Rows of 64 pixels as one-channel 8×8 images. */
    private static Dataset images(Dataset d) {
        return Dataset.of("x", d.array("x").reshape(d.size(), 1, 8, 8), "y", d.array("y"));
    }
}

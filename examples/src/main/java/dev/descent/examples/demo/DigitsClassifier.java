package dev.descent.examples.demo;

import dev.descent.DescentException;
import dev.descent.data.Csv;
import dev.descent.data.Dataset;
import dev.descent.data.Split;
import dev.descent.data.Standardizer;
import dev.descent.dsl.Model;
import dev.descent.dsl.Descent;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.metric.Metric;
import dev.descent.dsl.nn.Activation;
import dev.descent.dsl.nn.Sequential;
import dev.descent.train.History;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Part 4: an MLP (64 → hidden ReLU → 10) trained with cross-entropy and SGD with momentum on
 * mini-batches of the 8×8 digits, 80/20 split, inputs standardised with statistics of the training
 * part only; validation accuracy after every epoch; the model is saved and read back to check
 * that the file reproduces the predictions.
 */
final class DigitsClassifier {
    static final String RESOURCE = "/datasets/digits.csv.gz";
    static final String MODEL_FILE = "digits-mlp.descent";
    static final int CLASSES = 10;
    static final double LR = 0.05;
    static final double MOMENTUM = 0.9;
    static final int BATCH = 32;
    static final double TRAIN_FRACTION = 0.8;

    private DigitsClassifier() {
    }

    /**
     * What the run produced.
     *
     * @param trainSize        samples trained on
     * @param validationSize   held-out samples
     * @param architecture     the network's layer summary
     * @param parameters       trainable parameter count
     * @param history          per-step and per-epoch records ({@code val_accuracy}, {@code val_loss})
     * @param trainAccuracy    final accuracy on the training part
     * @param valAccuracy      final accuracy on the held-out part
     * @param valLoss          final cross-entropy on the held-out part
     * @param wrong            misclassified held-out samples
     * @param seconds          training wall time (validation after each epoch included)
     * @param modelFile        where the model was saved
     * @param reloadMaxDiff    largest |difference| between the predictions of the trained and the reloaded model
     * @param valInputs        the held-out inputs as the model sees them (standardised)
     * @param valPredictions   the trained model's logits for them
     * @param valLabels        their true classes (indices)
     */
    record Result(int trainSize, int validationSize, String architecture, long parameters, History history,
            double trainAccuracy, double valAccuracy, double valLoss, int wrong, double seconds, Path modelFile,
            double reloadMaxDiff, INDArray valInputs, INDArray valPredictions, INDArray valLabels) {
    }

    /** The shipped digits: x [1797, 64] pixel intensities 0..16 as floats, y [1797] class indices. */
    static Dataset load() {
        InputStream in = DigitsClassifier.class.getResourceAsStream(RESOURCE);
        if (in == null) {
            throw new DescentException("The digits data set " + RESOURCE + " is missing from the class path; "
                    + "rebuild the examples module (mvn -pl examples -am package)");
        }
        try (Reader r = new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8)) {
            return Csv.builder().header(false).classIndex().read(r);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** The seeded 80/20 split, both parts standardised with the training part's statistics. */
    static Split standardizedSplit(DemoConfig cfg) {
        Split split = load().split(TRAIN_FRACTION, cfg.seed());
        Standardizer st = Standardizer.fit(split.train().array("x"));
        return new Split(Dataset.of("x", st.transform(split.train().array("x")), "y", split.train().array("y")),
                Dataset.of("x", st.transform(split.validation().array("x")), "y", split.validation().array("y")));
    }

    static Result run(DemoConfig cfg, Path outDir) {
        Split split = standardizedSplit(cfg);
        Dataset train = split.train();
        Dataset val = split.validation();
        Sequential net = Sequential.of(s -> s.input(64).dense(cfg.digitsHidden(), Activation.relu()).dense(CLASSES)
                .seed(cfg.seed()));
        Path file = outDir.resolve(MODEL_FILE);
        try (Model model = Model.of(net, Loss.crossEntropy())) {
            long t0 = System.nanoTime();
            History h = model.fit(train, t -> t.optimizer(Descent.sgd(LR).momentum(MOMENTUM)).miniBatch(BATCH)
                    .seed(cfg.seed()).epochs(cfg.digitsEpochs()).validation(val).metrics(Metric.accuracy())
                    .progress(cfg.progress()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            double trainAcc = model.evaluate(train, Metric.accuracy()).get("accuracy");
            var valEval = model.evaluate(val, Metric.accuracy());
            double valAcc = valEval.get("accuracy");
            int wrong = (int) Math.round((1 - valAcc) * val.size());
            model.save(file);
            INDArray pred = model.predict(val.array("x"));
            double maxDiff;
            try (Model reloaded = Model.load(file)) {
                maxDiff = reloaded.predict(val.array("x")).sub(pred).amaxNumber().doubleValue();
            }
            long params = model.parameters().values().stream().mapToLong(INDArray::length).sum();
            return new Result(train.size(), val.size(), net.summary(), params, h, trainAcc, valAcc,
                    valEval.get("loss"), wrong, seconds, file, maxDiff, val.array("x"), pred, val.array("y"));
        }
    }
}

package dev.descent.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import dev.descent.data.Dataset;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.metric.Metric;
import dev.descent.dsl.nn.Activation;
import dev.descent.dsl.nn.Sequential;
import dev.descent.store.TestModels;
import dev.descent.train.History;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Long runs from {@link Model#fit}: checkpoints and resume, a second fit that continues the first,
 * early stopping with restored weights. "Same run" means the same parameter bits
 * ({@link TestModels#hash}).
 */
class LongRunsTest {
    private static final Dataset DATA = ModelTest.blobs(90, 4);
    private static final Dataset VALIDATION = ModelTest.blobs(60, 8);

    @TempDir
    Path dir;

    /** A classifier with dropout (its masks depend on the step counter) and momentum (state that must survive). */
    private static Model model(long seed) {
        return Model.of(Sequential.of(s -> s.input(2).dense(16, Activation.relu()).dropout(0.2).dense(3).seed(seed)),
                Loss.crossEntropy());
    }

    /** Momentum SGD on shuffled mini-batches of 8 of the 72 training rows: 9 steps per epoch. */
    private static Consumer<TrainingConfig.Builder> config(int epochs) {
        return t -> t.optimizer(Descent.sgd(0.05).momentum(0.9).nesterov()).miniBatch(8).seed(11).epochs(epochs)
                .validationSplit(0.2).metrics(Metric.accuracy()).quiet();
    }

    private static String straight(int epochs) {
        try (Model m = model(1)) {
            m.fit(DATA, config(epochs));
            return TestModels.hash(m.parameters());
        }
    }

    @Test
    void aRunKilledMidEpochResumesFromItsCheckpointToTheBitsOfTheUninterruptedRun() {
        Path ckpt = dir.resolve("run.ckpt");
        try (Model m = model(1)) {
            RuntimeException crash = assertThrows(RuntimeException.class, () -> m.fit(DATA, config(6).andThen(t -> t
                    .checkpointEvery(5, ckpt).onStep(r -> {
                        if (r.step() == 22) {
                            throw new IllegalStateException("simulated crash at step 22");
                        }
                    }))));
            assertTrue(crash.getMessage().contains("simulated crash"), crash.getMessage());
        }
        assertTrue(Files.exists(ckpt), "the checkpoint of step 20 (mid-epoch: 9 steps per epoch) is there");
        try (Model resumed = model(99)) { // initialised differently: everything comes from the checkpoint
            History h = resumed.fit(DATA, config(6).andThen(t -> t.checkpointEvery(5, ckpt).resumeFrom(ckpt)));
            assertEquals(20, h.steps().get(0).step(), "the resumed run starts at the checkpoint's step");
            assertEquals(54, h.steps().get(h.steps().size() - 1).step() + 1);
            assertEquals(straight(6), TestModels.hash(resumed.parameters()));
        }
    }

    @Test
    void resumeFromAMissingFileIsAnErrorAndResumeIfPresentStartsAfresh() {
        Path missing = dir.resolve("none.ckpt");
        try (Model m = model(1)) {
            DescentException e = assertThrows(DescentException.class, () -> m.fit(DATA, config(2).andThen(t -> t.resumeFrom(missing))));
            assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("resumeIfPresent"), e.getMessage());
        }
        try (Model m = model(1)) {
            m.fit(DATA, config(2).andThen(t -> t.resumeIfPresent(missing).checkpointEvery(100, missing)));
            assertEquals(straight(2), TestModels.hash(m.parameters()));
            assertTrue(Files.exists(missing), "the run's end wrote the checkpoint");
        }
    }

    @Test
    void aSecondFitContinuesTheFirstTwoAndThreeEpochsGiveTheBitsOfFive() {
        try (Model m = model(1)) {
            History first = m.fit(DATA, config(2));
            History second = m.fit(DATA, config(3));
            assertEquals(18, first.steps().size());
            assertEquals(27, second.steps().size(), "epochs(3) trains three more epochs");
            assertEquals(18, second.steps().get(0).step());
            assertEquals(2, second.epochs().get(0).epoch());
            assertEquals(straight(5), TestModels.hash(m.parameters()));
        }
    }

    @Test
    void progressCountsTheStepsOfTheWholeRun() {
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try (Model m = model(1)) {
            m.fit(DATA, config(2).andThen(t -> t.progress(Progress.LINES)));
            m.fit(DATA, config(3).andThen(t -> t.progress(Progress.LINES)));
        } finally {
            System.setErr(err);
        }
        String out = captured.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(out.contains("done: 18 steps") && out.contains("done: 45 steps"), out);
    }

    @Test
    void resetStartsAfreshFromTheCurrentParametersAsALoadedModelWould() {
        Consumer<TrainingConfig.Builder> noDropout = t -> t.optimizer(Descent.sgd(0.05).momentum(0.9)).miniBatch(8).seed(11)
                .epochs(2).quiet();
        Path saved = dir.resolve("after2.descent");
        try (Model a = ModelTest.classifier()) {
            a.fit(DATA, noDropout);
            a.save(saved);
            History again = a.fit(DATA, noDropout.andThen(TrainingConfig.Builder::reset));
            assertEquals(0, again.steps().get(0).step());
            try (Model b = Model.load(saved)) {
                b.fit(DATA, noDropout);
                assertEquals(TestModels.hash(b.parameters()), TestModels.hash(a.parameters()));
            }
            try (Model c = ModelTest.classifier()) {
                c.fit(DATA, noDropout.andThen(t -> t.epochs(4)));
                assertNotEquals(TestModels.hash(c.parameters()), TestModels.hash(a.parameters()),
                        "momentum and sampler restarted: not the continued run");
            }
        }
    }

    /** Hash after a 1-epoch fit and then {@code second}, on {@code secondData}. */
    private static String twoFits(Consumer<TrainingConfig.Builder> second, Dataset secondData) {
        try (Model m = model(1)) {
            m.fit(DATA, config(1));
            History h = m.fit(secondData, second);
            assertEquals(0, h.steps().get(0).step(), "counters from 0: a fresh run");
            return TestModels.hash(m.parameters());
        }
    }

    @Test
    void aSecondFitThatCannotContinueStartsAfreshAsResetWould() {
        Consumer<TrainingConfig.Builder> adam = config(1).andThen(t -> t.optimizer(Descent.adam(0.01)));
        assertEquals(twoFits(adam.andThen(TrainingConfig.Builder::reset), DATA), twoFits(adam, DATA), "another update rule");
        Consumer<TrainingConfig.Builder> batch16 = config(1).andThen(t -> t.miniBatch(16));
        assertEquals(twoFits(batch16.andThen(TrainingConfig.Builder::reset), DATA), twoFits(batch16, DATA), "another batching");
        Dataset smaller = ModelTest.blobs(30, 2);
        assertEquals(twoFits(config(1).andThen(TrainingConfig.Builder::reset), smaller), twoFits(config(1), smaller),
                "another number of training samples");
        Consumer<TrainingConfig.Builder> lr = config(1).andThen(t -> t.optimizer(Descent.sgd(0.01).momentum(0.9).nesterov()));
        try (Model m = model(1)) {
            m.fit(DATA, config(1));
            assertEquals(9, m.fit(DATA, lr).steps().get(0).step(), "a new learning rate continues the run");
        }
    }

    @Test
    void earlyStoppingOnValidationAccuracyStopsAndRestoresTheBestEpochsWeights() {
        try (Model m = ModelTest.classifier()) {
            History h = m.fit(DATA, t -> t.optimizer(Descent.sgd(0.5)).miniBatch(8).seed(2).epochs(300)
                    .validation(VALIDATION).metrics(Metric.accuracy()).quiet()
                    .earlyStopping(Descent.earlyStopping("val_accuracy").patience(3).restoreBest()));
            int epochs = h.epochs().size();
            assertTrue(epochs < 300, "stopped early: " + h.stopReason());
            assertTrue(h.stopReason().startsWith("early stopping: val_accuracy"), h.stopReason());
            double best = Double.NEGATIVE_INFINITY;
            for (double v : h.epochMetric("val_accuracy")) {
                best = Math.max(best, v);
            }
            double[] acc = h.epochMetric("val_accuracy");
            for (int i = epochs - 3; i < epochs; i++) {
                assertTrue(acc[i] <= best, "the last three epochs did not improve");
            }
            assertEquals(best, m.evaluate(VALIDATION, Metric.accuracy()).get("accuracy"), 0.0,
                    "the restored parameters score the best validation accuracy");
        }
    }

    @Test
    void aHistorySavesAsCsvAndJson() throws Exception {
        try (Model m = model(1)) {
            History h = m.fit(DATA, config(2));
            h.save(dir.resolve("h.csv"));
            h.save(dir.resolve("h.json"));
            assertEquals(h.steps().size() + 1, Files.readAllLines(dir.resolve("h.csv")).size());
            assertTrue(Files.readString(dir.resolve("h.csv")).startsWith(
                    "step,epoch,loss,lr,samples,totalSamples,gradNorm,skipped,epochLoss,val_accuracy,val_loss\r\n"));
            assertTrue(Files.readString(dir.resolve("h.json")).contains("\"val_accuracy\""));
        }
    }
}

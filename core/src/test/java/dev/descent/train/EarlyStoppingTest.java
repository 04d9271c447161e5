package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.store.TestModels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link EarlyStopping}: Keras's rule on scripted per-epoch values, with the parameters it restores. */
class EarlyStoppingTest {
    /** A run of at most 20 epochs whose evaluator reports {@code values} as {@code val_score}, one per epoch. */
    private record Run(History history, List<String> hashes, String finalHash) {
    }

    private static Run run(EarlyStopping rule, double... values) {
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(3))) {
            List<String> hashes = new ArrayList<>();
            Trainer t = Trainer.create(m, TrainingPlan.builder().optimizer(TestModels.sgd())
                    .batching(Batching.miniBatch(TestModels.BATCH).seed(3)).epochs(20)
                    .evaluator(epoch -> {
                        Map<String, Double> v = new LinkedHashMap<>();
                        v.put("val_score", values[(int) epoch]);
                        return v;
                    })
                    .onEpoch(e -> hashes.add(TestModels.hash(m.parameters())))
                    .earlyStopping(rule).build());
            History h = t.fit(TestModels.data(3, TestModels.SAMPLES));
            return new Run(h, hashes, TestModels.hash(m.parameters()));
        }
    }

    @Test
    void minModeStopsAfterPatienceEpochsWithoutAnImprovementLargerThanMinDeltaAndRestoresTheBest() {
        // epoch 1 is the best: 3.9995 is not below 4 - 0.001, 4.5 is worse; the second such epoch stops the run
        Run r = run(EarlyStopping.on("val_score").mode(EarlyStopping.Mode.MIN).patience(2).minDelta(0.001).restoreBest(),
                5, 4, 4.5, 3.9995, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        assertEquals(4, r.history().epochs().size());
        assertEquals(r.hashes().get(1), r.finalHash(), "the parameters after epoch 1 are back");
        assertNotEquals(r.hashes().get(3), r.finalHash());
        assertTrue(r.history().stopReason().startsWith("early stopping: val_score did not improve by more than 0.001 for 2"
                + " epochs (best 4.0 at epoch 1); parameters of epoch 1 restored"), r.history().stopReason());
    }

    @Test
    void withoutRestoreBestTheLastParametersStay() {
        Run r = run(EarlyStopping.on("val_score").patience(2), 5, 4, 4.5, 4.2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        assertEquals(4, r.history().epochs().size());
        assertEquals(r.hashes().get(3), r.finalHash());
    }

    @Test
    void patienceZeroAndOneStopAtTheFirstEpochWithoutImprovementAsInKeras() {
        double[] v = {3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
        assertEquals(3, run(EarlyStopping.on("val_score"), v).history().epochs().size());
        assertEquals(3, run(EarlyStopping.on("val_score").patience(1), v).history().epochs().size());
        assertEquals(6, run(EarlyStopping.on("val_score").patience(2), 3, 2, 2, 1.5, 1.6, 1.7, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
                1, 1, 1).history().epochs().size(), "the count restarts after an improvement");
    }

    @Test
    void maxModeAndAutoForAccuracyNamesWatchForHigherValuesAndNaNNeverImproves() {
        double[] v = {0.5, 0.7, Double.NaN, 0.69, 0.71, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9};
        Run max = run(EarlyStopping.on("val_score").mode(EarlyStopping.Mode.MAX).patience(2).restoreBest(), v);
        assertEquals(4, max.history().epochs().size());
        assertEquals(max.hashes().get(1), max.finalHash());
        assertTrue(EarlyStopping.on("val_accuracy").higherIsBetter());
        assertTrue(EarlyStopping.on("val_top3_acc").higherIsBetter());
        assertTrue(EarlyStopping.on("val_r2").higherIsBetter());
        assertFalse(EarlyStopping.on("val_loss").higherIsBetter());
        assertFalse(EarlyStopping.on("val_accuracy").mode(EarlyStopping.Mode.MIN).higherIsBetter());
    }

    @Test
    void aRunThatReachesItsLengthKeepsItsLastParametersAsInKeras() {
        double[] v = new double[20];
        for (int i = 0; i < v.length; i++) {
            v[i] = 10 - i;
        }
        Run r = run(EarlyStopping.on("val_score").patience(3).restoreBest(), v);
        assertEquals(20, r.history().epochs().size());
        assertEquals("reached max epochs (20)", r.history().stopReason());
    }

    @Test
    void theTrainingLossCanBeWatchedAsLoss() {
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(3))) {
            // a learning rate of 0 never changes the loss, so it never improves after the first epoch
            Trainer t = Trainer.create(m, TrainingPlan.builder().optimizer(dev.descent.optim.Sgd.builder().lr(0).build())
                    .batching(Batching.fullBatch()).epochs(50).earlyStopping(EarlyStopping.on("loss").patience(4)).build());
            History h = t.fit(TestModels.data(3, TestModels.SAMPLES));
            assertEquals(5, h.epochs().size(), h.stopReason());
        }
    }

    @Test
    void aMonitorNoEpochRecordsIsAnErrorNamingWhatIsThere() {
        DescentException e = assertThrows(DescentException.class, () -> run(EarlyStopping.on("val_accuracy"), new double[20]));
        assertTrue(e.getMessage().contains("'val_accuracy'") && e.getMessage().contains("[loss, val_score]")
                && e.getMessage().contains("Fix:"), e.getMessage());
    }

    @Test
    void badSettingsAreRefusedWithTheRule() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EarlyStopping.on("val_loss").patience(-1)).getMessage()
                .contains("patience: -1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EarlyStopping.on("val_loss").minDelta(Double.NaN))
                .getMessage().contains("minDelta: NaN"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EarlyStopping.on("val_loss").minDelta(-0.1))
                .getMessage().contains("minDelta: -0.1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> EarlyStopping.on(" ")).getMessage()
                .contains("monitor ' '"));
    }
}

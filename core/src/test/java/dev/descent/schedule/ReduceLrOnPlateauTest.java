package dev.descent.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.schedule.ReduceLrOnPlateau.Mode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ReduceLrOnPlateau} at its boundaries: ties and thresholds exactly as torch 1.13 decides
 * them, torch's {@code eps}, and the exported state (what checkpoints carry) round-tripping exactly.
 */
class ReduceLrOnPlateauTest {

    /**
     * One torch 1.13 run: {@code ReduceLROnPlateau(SGD([p], lr=1.0), mode, factor, patience,
     * threshold, cooldown)} stepped with {@code metrics}; after each step torch had the rate
     * {@code lrs[i]} and the best metric {@code bests[i]} (printed by torch itself).
     */
    private static void assertTorchRun(Mode mode, double factor, int patience, double threshold, int cooldown,
            double[] metrics, double[] lrs, double[] bests) {
        ReduceLrOnPlateau p = LrSchedules.reduceOnPlateau(mode, factor, patience, threshold, cooldown, 0.0);
        for (int e = 0; e < metrics.length; e++) {
            p.observe(e, metrics[e]);
            assertEquals(lrs[e], p.lr(1.0, e), "lr after metric " + e + " of " + p);
            assertEquals(bests[e], p.state().best(), "best after metric " + e + " of " + p);
        }
    }

    @Test
    void aTieIsNoImprovementInMinAndMaxMode() {
        // torch's is_better: min/rel a < best * (1 - threshold); max/rel a > best * (threshold + 1)
        assertTorchRun(Mode.MIN, 0.5, 1, 0.0, 0, new double[] {2, 2, 2, 1, 1, 1, 1},
                new double[] {1, 1, 0.5, 0.5, 0.5, 0.25, 0.25}, new double[] {2, 2, 2, 1, 1, 1, 1});
        assertTorchRun(Mode.MAX, 0.5, 1, 0.0, 0, new double[] {3, 3, 3, 4, 4, 4},
                new double[] {1, 1, 0.5, 0.5, 0.5, 0.25}, new double[] {3, 3, 3, 4, 4, 4});
    }

    @Test
    void aMetricExactlyAtTheRelativeThresholdIsNoImprovement() {
        // best 1.0, threshold 0.5: 0.5 is exactly best * 0.5, so not better; 0.4999 is
        assertTorchRun(Mode.MIN, 0.5, 0, 0.5, 0, new double[] {1.0, 0.5, 0.5, 0.4999, 0.25},
                new double[] {1, 0.5, 0.25, 0.25, 0.125}, new double[] {1, 1, 1, 0.4999, 0.4999});
        // best 2.0, threshold 0.5: 3.0 is exactly best * 1.5, so not better; 3.0001 is
        assertTorchRun(Mode.MAX, 0.5, 0, 0.5, 0, new double[] {2.0, 3.0, 3.0, 3.0001, 4.5},
                new double[] {1, 0.5, 0.25, 0.25, 0.125}, new double[] {2, 2, 2, 3.0001, 3.0001});
    }

    @Test
    void negativeMetricsFollowTorchsRelativeFormulaToo() {
        // torch scales a negative best towards zero: -0.95 < -1 * 0.9 counts as better in min mode,
        // and in max mode a tie at -1.2 is "better" than -1.2 * 1.1; this class does what torch does
        assertTorchRun(Mode.MIN, 0.5, 0, 0.1, 0, new double[] {-1.0, -0.95, -0.9, -0.81},
                new double[] {1, 1, 1, 0.5}, new double[] {-1.0, -0.95, -0.9, -0.9});
        assertTorchRun(Mode.MAX, 0.5, 0, 0.1, 1, new double[] {-1.0, -1.05, -1.1, -1.2, -1.2},
                new double[] {1, 1, 1, 1, 1}, new double[] {-1.0, -1.05, -1.1, -1.2, -1.2});
    }

    @Test
    void aReductionOfExactlyTorchsEpsIsSkipped() {
        ReduceLrOnPlateau p = LrSchedules.reduceOnPlateau(Mode.MIN, 0.5, 0, 0.0, 0, 0.0);
        p.observe(0, 1);
        p.observe(1, 1);
        assertEquals(1, p.state().reductions());
        // 2e-8 - 1e-8 is exactly 1e-8: torch reduces only when old - new > eps
        assertEquals(2e-8, p.lr(2e-8, 1));
        assertEquals(2e-8, p.lr(4e-8, 1));
    }

    @Test
    void factorZeroDropsStraightToTheFloor() {
        ReduceLrOnPlateau p = LrSchedules.reduceOnPlateau(Mode.MIN, 0.0, 0, 0.0, 0, 0.001);
        p.observe(0, 1);
        p.observe(1, 1);
        assertEquals(0.001, p.lr(0.1, 1));
        assertEquals(0.0, p.currentFactor());
    }

    @Test
    void exportedStateRoundTripsExactlyAndResumes() {
        for (Mode mode : Mode.values()) {
            ReduceLrOnPlateau a = LrSchedules.reduceOnPlateau(mode, 0.5, 1, 0.01, 2, 0.0);
            ReduceLrOnPlateau fresh = LrSchedules.reduceOnPlateau(mode, 0.5, 1, 0.01, 2, 0.0);
            // before any observation: best is the mode's worst, an infinity
            fresh.importState(a.exportState());
            assertEquals(a.state(), fresh.state());
            assertEquals(mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY, fresh.state().best());
            double[] losses = {3, 2, 2, 2, 2, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.0};
            // in max mode the mirror image: 1, 2, 2, ... (higher is better)
            double[] metrics = java.util.Arrays.stream(losses).map(l -> mode == Mode.MIN ? l : 4 - l).toArray();
            for (int e = 0; e < 6; e++) {
                a.observe(e, metrics[e]);
            }
            Map<String, Double> saved = a.exportState();
            assertEquals(Map.of("best", a.state().best(), "numBadEpochs", (double) a.state().numBadEpochs(),
                    "cooldownCounter", (double) a.state().cooldownCounter(), "reductions", (double) a.state().reductions()),
                    saved);
            ReduceLrOnPlateau b = LrSchedules.reduceOnPlateau(mode, 0.5, 1, 0.01, 2, 0.0);
            b.importState(saved);
            assertEquals(a.state(), b.state());
            for (int e = 6; e < metrics.length; e++) {
                a.observe(e, metrics[e]);
                b.observe(e, metrics[e]);
                assertEquals(a.state(), b.state(), mode + " epoch " + e);
                assertEquals(a.lr(0.3, e), b.lr(0.3, e));
            }
            assertTrue(a.state().reductions() >= 2, a.toString());
        }
    }

    @Test
    void importFillsMissingEntriesWithTheInitialStateAndRefusesBadCounters() {
        ReduceLrOnPlateau max = LrSchedules.reduceOnPlateau(Mode.MAX, 0.5, 1, 0.0, 2, 0.0);
        max.importState(Map.of("reductions", 3.0));
        assertEquals(new PlateauState(Double.NEGATIVE_INFINITY, 0, 0, 3), max.state());
        Map<String, Double> fractional = new LinkedHashMap<>(Map.of("numBadEpochs", 1.5));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> max.importState(fractional));
        assertTrue(e.getMessage().startsWith("Invalid plateau state: numBadEpochs=1.5 (a counter is a whole number >= 0)"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> max.importState(Map.of("reductions", -1.0)));
        assertThrows(IllegalArgumentException.class, () -> max.importState(Map.of("cooldownCounter", 3e9)));
        assertThrows(IllegalArgumentException.class, () -> max.importState(Map.of("reductions", Double.NaN)));
        assertEquals(new PlateauState(Double.NEGATIVE_INFINITY, 0, 0, 3), max.state(), "a refused state changes nothing");
        max.importState(Map.of("reductions", (double) Integer.MAX_VALUE));
        assertEquals(Integer.MAX_VALUE, max.state().reductions());
    }

    @Test
    void restoreAcceptsACooldownUpToTheConfiguredOne() {
        ReduceLrOnPlateau p = LrSchedules.reduceOnPlateau(Mode.MIN, 0.5, 1, 0.0, 2, 0.0);
        p.restore(new PlateauState(1.0, 0, 2, 1));
        assertEquals(new PlateauState(1.0, 0, 2, 1), p.state());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.restore(new PlateauState(1.0, 0, 3, 1)));
        assertTrue(e.getMessage().contains("cooldownCounter=3 exceeds this schedule's cooldown 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new PlateauState(1, 0, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PlateauState(1, 0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new PlateauState(1, -1, 0, 0));
    }

    @Test
    void checksItsArgumentsAndDescribesItself() {
        ReduceLrOnPlateau p = LrSchedules.reduceOnPlateau(Mode.MAX, 0.25, 3, 0.01, 2, 1e-4);
        assertEquals(Mode.MAX, p.mode());
        assertEquals(0.25, p.factor());
        assertEquals(3, p.patience());
        assertEquals(0.01, p.threshold());
        assertEquals(2, p.cooldown());
        assertEquals(1e-4, p.minLr());
        assertEquals("ReduceLrOnPlateau[mode=MAX, factor=0.25, patience=3, threshold=0.01, cooldown=2, minLr=1.0E-4, "
                + "state=PlateauState[best=-Infinity, numBadEpochs=0, cooldownCounter=0, reductions=0]]", p.toString());
        assertThrows(IllegalArgumentException.class, () -> p.lr(Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> p.lr(0.1, -1));
        assertThrows(IllegalArgumentException.class, () -> p.observe(-1, 0.5));
        assertEquals(PlateauState.class, p.state().getClass());
        assertEquals(0, p.state().numBadEpochs(), "a refused observation counts nothing");
    }
}

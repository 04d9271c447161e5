package dev.descent.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.schedule.LrSchedule.Unit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Each schedule against torch's documented formulas (torch.optim.lr_scheduler, closed forms)
 * evaluated independently in the test, plus hand-checked landmarks.
 */
class LrSchedulesTest {
    private static final double BASE = 0.1;

    private static void assertSequence(LrSchedule s, LongToDoubleFunction torch, long n) {
        for (long t = 0; t < n; t++) {
            assertEquals(torch.applyAsDouble(t), s.lr(BASE, t), 1e-15, s + " at t=" + t);
        }
    }

    @Test
    void constant() {
        assertSequence(LrSchedules.constant(), t -> BASE, 5);
    }

    @Test
    void stepLr() {
        LrSchedule s = LrSchedules.step(3, 0.5, Unit.EPOCH);
        assertEquals(Unit.EPOCH, s.unit());
        assertSequence(s, t -> BASE * Math.pow(0.5, Math.floor(t / 3.0)), 20);
        assertEquals(BASE, s.lr(BASE, 2));
        assertEquals(BASE * 0.5, s.lr(BASE, 3), 1e-15);
        assertEquals(BASE * 0.25, s.lr(BASE, 6), 1e-15);
    }

    @Test
    void multiStepLr() {
        // torch: base * gamma ** bisect_right(sorted(milestones), t); duplicates count twice
        List<Long> milestones = List.of(8L, 2L, 5L, 5L);
        LrSchedule s = LrSchedules.multiStep(milestones, 0.1, Unit.STEP);
        long[] sorted = {2, 5, 5, 8};
        assertSequence(s, t -> BASE * Math.pow(0.1, Arrays.stream(sorted).filter(m -> m <= t).count()), 12);
        assertEquals(BASE, s.lr(BASE, 1));
        assertEquals(BASE * 0.1, s.lr(BASE, 2), 1e-15);
        assertEquals(BASE * 0.001, s.lr(BASE, 5), 1e-15);
    }

    @Test
    void exponentialLr() {
        assertSequence(LrSchedules.exponential(0.9, Unit.EPOCH), t -> BASE * Math.pow(0.9, t), 30);
    }

    @Test
    void cosineAnnealing() {
        double etaMin = 0.001;
        LrSchedule s = LrSchedules.cosine(10, etaMin, Unit.EPOCH);
        assertSequence(s, t -> etaMin + (BASE - etaMin) * (1 + Math.cos(Math.PI * t / 10)) / 2, 25);
        assertEquals(BASE, s.lr(BASE, 0), 1e-15);
        assertEquals(etaMin, s.lr(BASE, 10), 1e-15);
        assertEquals((BASE + etaMin) / 2, s.lr(BASE, 5), 1e-15);
    }

    /** torch's own T_cur/T_i computation (the math.log form) for t where it is unambiguous. */
    private static double torchWarmRestarts(long t, long t0, int tMult, double etaMin) {
        double tCur;
        double tI;
        if (t >= t0) {
            if (tMult == 1) {
                tCur = t % t0;
                tI = t0;
            } else {
                int n = (int) (Math.log((double) t / t0 * (tMult - 1) + 1) / Math.log(tMult));
                tCur = t - t0 * (Math.pow(tMult, n) - 1) / (tMult - 1);
                tI = t0 * Math.pow(tMult, n);
            }
        } else {
            tI = t0;
            tCur = t;
        }
        return etaMin + (BASE - etaMin) * (1 + Math.cos(Math.PI * tCur / tI)) / 2;
    }

    @Test
    void cosineWarmRestarts() {
        LrSchedule s = LrSchedules.cosineWarmRestarts(5, 2, 0.0, Unit.STEP);
        // restarts at 5, 5 * (1 + 2) = 15, 5 * (1 + 2 + 4) = 35
        for (long restart : new long[] {0, 5, 15, 35}) {
            assertEquals(BASE, s.lr(BASE, restart), 1e-15, "restart at " + restart);
            if (restart > 0) {
                assertTrue(s.lr(BASE, restart - 1) < 0.1 * BASE, "end of cycle before " + restart);
            }
        }
        assertEquals(BASE / 2, s.lr(BASE, 5 + 5), 1e-15); // halfway through the 10-long second cycle
        for (long t = 0; t < 80; t++) {
            assertEquals(torchWarmRestarts(t, 5, 2, 0.0), s.lr(BASE, t), 1e-12, "t=" + t);
        }
        LrSchedule fixed = LrSchedules.cosineWarmRestarts(4, 1, 0.01, Unit.EPOCH);
        assertSequence(fixed, t -> torchWarmRestarts(t, 4, 1, 0.01), 20);
        assertEquals(BASE, fixed.lr(BASE, 8), 1e-15);
    }

    @Test
    void linearWarmupThenAfterScheduleFromZero() {
        LrSchedule after = LrSchedules.step(2, 0.5, Unit.STEP);
        LrSchedule s = LrSchedules.linearWarmup(4, 0.25, after);
        assertEquals(Unit.STEP, s.unit());
        // torch LinearLR: base * (start + (1 - start) * min(t, total) / total)
        assertSequence(s, t -> t < 4 ? BASE * (0.25 + 0.75 * t / 4.0) : after.lr(BASE, t - 4), 12);
        assertEquals(BASE * 0.25, s.lr(BASE, 0), 1e-15);
        assertEquals(BASE, s.lr(BASE, 4), 1e-15);
        assertEquals(BASE * 0.5, s.lr(BASE, 6), 1e-15);
    }

    @Test
    void plateauReducesAfterPatienceAndHonoursCooldown() {
        ReduceLrOnPlateau p = LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MIN, 0.5, 2, 0.1, 1, 0.0);
        double[] metrics = {1.0, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.5};
        // worked by hand from torch's step(): improvement needs metric < best * 0.9
        double[] lrAfter = {1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25};
        int[] bad = {0, 1, 2, 0, 0, 1, 2, 0, 0};
        int[] cooldown = {0, 0, 0, 1, 0, 0, 0, 1, 0};
        for (int e = 0; e < metrics.length; e++) {
            p.observe(e, metrics[e]);
            assertEquals(lrAfter[e], p.lr(1.0, e), 1e-15, "epoch " + e);
            assertEquals(bad[e], p.state().numBadEpochs(), "bad epochs at " + e);
            assertEquals(cooldown[e], p.state().cooldownCounter(), "cooldown at " + e);
        }
        assertEquals(0.5, p.state().best());
        assertEquals(0.25, p.currentFactor());
    }

    @Test
    void plateauMaxModeRelativeThreshold() {
        ReduceLrOnPlateau p = LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MAX, 0.1, 0, 0.5, 0, 0.0);
        p.observe(0, 2.0); // -inf best: improvement
        p.observe(1, 2.9); // needs > 2 * 1.5 = 3: bad 1 > patience 0 -> reduce
        assertEquals(0.1, p.lr(1.0, 1), 1e-15);
        p.observe(2, 3.1); // improvement
        assertEquals(3.1, p.state().best());
        assertEquals(0.1, p.lr(1.0, 2), 1e-15);
        p.observe(3, Double.NaN); // like torch, NaN is never better
        assertEquals(0.01, p.lr(1.0, 3), 1e-15);
    }

    @Test
    void plateauFloorsAtMinLrAndSkipsReductionsBelowTorchsEps() {
        ReduceLrOnPlateau p = LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MIN, 0.5, 0, 0.0, 0, 0.01);
        for (int e = 0; e < 10; e++) {
            p.observe(e, 1.0); // the first is an improvement, each later one a reduction
        }
        assertEquals(9, p.state().reductions());
        assertEquals(0.01, p.lr(0.1, 9), 1e-15); // 0.1, .05, .025, .0125, then the floor
        assertEquals(0.0125, LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MIN, 0.5, 0, 0, 0, 0.01)
                .lr(0.0125, 0));
        ReduceLrOnPlateau tiny = LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MIN, 0.5, 0, 0.0, 0, 0.0);
        tiny.observe(0, 1);
        tiny.observe(1, 1);
        assertEquals(1e-8, tiny.lr(1e-8, 1)); // 1e-8 - 5e-9 <= eps: torch keeps the rate
        assertEquals(5e-8, tiny.lr(1e-7, 1), 1e-20);
    }

    @Test
    void plateauStateRestoresAndResumesIdentically() {
        ReduceLrOnPlateau a = LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MIN, 0.5, 1, 0.01, 2, 0.0);
        double[] metrics = {3, 2, 2, 2, 2, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.0};
        for (int e = 0; e < 5; e++) {
            a.observe(e, metrics[e]);
        }
        PlateauState saved = a.state();
        ReduceLrOnPlateau b = LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MIN, 0.5, 1, 0.01, 2, 0.0);
        b.restore(saved);
        assertEquals(saved, b.state());
        for (int e = 5; e < metrics.length; e++) {
            a.observe(e, metrics[e]);
            b.observe(e, metrics[e]);
            assertEquals(a.state(), b.state());
            assertEquals(a.lr(0.3, e), b.lr(0.3, e));
        }
        assertTrue(a.state().reductions() >= 2, a.toString());
        ReduceLrOnPlateau noCooldown = LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MIN, 0.5, 1, 0.01, 0, 0.0);
        assertThrows(IllegalArgumentException.class, () -> noCooldown.restore(new PlateauState(1, 0, 2, 0)));
        assertThrows(IllegalArgumentException.class, () -> new PlateauState(Double.NaN, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new PlateauState(1, -1, 0, 0));
    }

    @Test
    void warmupPassesMetricsOnAfterWarmupOnly() {
        ReduceLrOnPlateau p = LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MIN, 0.5, 0, 0, 0, 0);
        LrSchedule s = LrSchedules.linearWarmup(2, 0.5, p);
        assertEquals(Unit.EPOCH, s.unit());
        s.observe(0, 5);
        s.observe(1, 5);
        assertEquals(PlateauState.class, p.state().getClass());
        assertEquals(Double.POSITIVE_INFINITY, p.state().best());
        s.observe(2, 5);
        s.observe(3, 5);
        assertEquals(0.05, s.lr(BASE, 3), 1e-15);
    }

    /** A user's schedule that records the counters it is handed. */
    private static final class Recording implements LrSchedule {
        final List<Long> lrCalls = new ArrayList<>();
        final List<Long> observed = new ArrayList<>();
        Map<String, Double> state = Map.of("k", 1.0);

        @Override
        public Unit unit() {
            return Unit.STEP;
        }

        @Override
        public double lr(double baseLr, long t) {
            lrCalls.add(t);
            return 0.7 * baseLr;
        }

        @Override
        public void observe(long t, double metric) {
            observed.add(t);
        }

        @Override
        public Map<String, Double> exportState() {
            return state;
        }

        @Override
        public void importState(Map<String, Double> s) {
            state = s;
        }
    }

    @Test
    void warmupHandsOverWithTheCounterRestartedAtZero() {
        Recording after = new Recording();
        LrSchedule s = LrSchedules.linearWarmup(3, 0.5, after);
        assertEquals(BASE * (0.5 + 0.5 * 2 / 3.0), s.lr(BASE, 2), 1e-15);
        assertEquals(List.of(), after.lrCalls, "during warm-up the rate is the warm-up's own");
        assertEquals(0.7 * BASE, s.lr(BASE, 3), 1e-15); // at t == warmup, after's rate for its t = 0
        assertEquals(0.7 * BASE, s.lr(BASE, 10), 1e-15);
        assertEquals(List.of(0L, 7L), after.lrCalls);
        for (long t = 0; t < 6; t++) {
            s.observe(t, 1.0);
        }
        assertEquals(List.of(0L, 1L, 2L), after.observed);
        // the wrapped schedule's state is the warm-up's state: checkpoints carry it
        assertEquals(Map.of("k", 1.0), s.exportState());
        s.importState(Map.of("k", 2.0));
        assertEquals(Map.of("k", 2.0), after.state);
        assertThrows(IllegalArgumentException.class, () -> s.lr(Double.POSITIVE_INFINITY, 0));
        assertThrows(IllegalArgumentException.class, () -> s.lr(BASE, -1));
        assertThrows(IllegalArgumentException.class, () -> s.observe(-1, 1.0));
        // startFactor 1 is allowed (no warm-up effect, as torch's LinearLR(start_factor=1))
        assertEquals(BASE, LrSchedules.linearWarmup(3, 1.0, LrSchedules.constant()).lr(BASE, 1), 1e-15);
    }

    @Test
    void closedFormsHaveNoStateAndAcceptABaseRateOfZero() {
        for (LrSchedule s : List.of(LrSchedules.constant(), LrSchedules.step(2, 0.5, Unit.STEP),
                LrSchedules.cosine(5, 0, Unit.EPOCH), LrSchedules.linearWarmup(2, 0.5, LrSchedules.constant()))) {
            assertEquals(null, s.exportState(), s.toString());
            assertEquals(0.0, s.lr(0.0, 3), s.toString());
        }
        rejects("Invalid baseLr: Infinity", () -> LrSchedules.constant().lr(Double.POSITIVE_INFINITY, 0));
        rejects("Invalid baseLr: -0.1", () -> LrSchedules.constant().lr(-0.1, 0));
    }

    @Test
    void multiStepAcceptsMilestoneZeroAndKeepsMilestonesSorted() {
        assertEquals(BASE * 0.5, LrSchedules.multiStep(List.of(0L), 0.5, Unit.EPOCH).lr(BASE, 0), 1e-15);
        assertEquals(List.of(2L, 5L, 5L, 8L), new MultiStepLr(List.of(8L, 5L, 2L, 5L), 0.1).milestones());
    }

    @Test
    void warmRestartsStayFiniteUpToTheLargestCounter() {
        // t0 = 1, tMult = 2: restarts at 2^k - 1, and Long.MAX_VALUE = 2^63 - 1 is one
        assertEquals(BASE, LrSchedules.cosineWarmRestarts(1, 2, 0, Unit.STEP).lr(BASE, Long.MAX_VALUE), 1e-15);
        // a first cycle of 2^62 - 1: the second (2^63 - 2 long) is still representable, and
        // Long.MAX_VALUE lies 2^62 into it, just past its middle
        double half = LrSchedules.cosineWarmRestarts((1L << 62) - 1, 2, 0, Unit.STEP).lr(BASE, Long.MAX_VALUE);
        assertEquals(BASE / 2, half, 1e-12);
        // tMult = 1 is a modulo, however large the counter
        assertEquals(BASE, LrSchedules.cosineWarmRestarts(1, 1, 0, Unit.STEP).lr(BASE, Long.MAX_VALUE - 1), 1e-15);
        assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> LrSchedules.cosineWarmRestarts(3, 1, 0, Unit.STEP).lr(BASE, Long.MAX_VALUE));
    }

    private static void rejects(String messageStart, Executable e) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        assertTrue(ex.getMessage().startsWith(messageStart), ex.getMessage());
    }

    @Test
    void validatesEveryArgument() {
        rejects("Invalid stepSize: 0", () -> LrSchedules.step(0, 0.1, Unit.STEP));
        rejects("Invalid gamma: NaN", () -> LrSchedules.step(1, Double.NaN, Unit.STEP));
        rejects("Invalid gamma: Infinity", () -> LrSchedules.exponential(Double.POSITIVE_INFINITY, Unit.STEP));
        rejects("Invalid gamma: 0.0", () -> LrSchedules.multiStep(List.of(1L), 0.0, Unit.STEP));
        rejects("Invalid milestones: [3, -1]", () -> LrSchedules.multiStep(List.of(3L, -1L), 0.1, Unit.STEP));
        rejects("Invalid tMax: 0", () -> LrSchedules.cosine(0, 0, Unit.EPOCH));
        rejects("Invalid etaMin: -0.1", () -> LrSchedules.cosine(10, -0.1, Unit.EPOCH));
        rejects("Invalid etaMin: NaN", () -> LrSchedules.cosineWarmRestarts(10, 1, Double.NaN, Unit.EPOCH));
        rejects("Invalid t0: 0", () -> LrSchedules.cosineWarmRestarts(0, 1, 0, Unit.EPOCH));
        rejects("Invalid tMult: 0", () -> LrSchedules.cosineWarmRestarts(5, 0, 0, Unit.EPOCH));
        rejects("Invalid warmupSteps: 0", () -> LrSchedules.linearWarmup(0, 0.1, LrSchedules.constant()));
        rejects("Invalid startFactor: 0.0", () -> LrSchedules.linearWarmup(5, 0.0, LrSchedules.constant()));
        rejects("Invalid startFactor: 1.5", () -> LrSchedules.linearWarmup(5, 1.5, LrSchedules.constant()));
        rejects("Invalid unit: null", () -> LrSchedules.step(1, 0.1, null));
        rejects("Invalid factor: 1.0", () -> LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MIN, 1.0, 1, 0, 0, 0));
        rejects("Invalid patience: -1", () -> LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MIN, 0.1, -1, 0, 0, 0));
        rejects("Invalid threshold: NaN",
                () -> LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MIN, 0.1, 1, Double.NaN, 0, 0));
        rejects("Invalid cooldown: -2", () -> LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MIN, 0.1, 1, 0, -2, 0));
        rejects("Invalid minLr: Infinity",
                () -> LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MIN, 0.1, 1, 0, 0, Double.POSITIVE_INFINITY));
        rejects("Invalid t: -1", () -> LrSchedules.constant().lr(0.1, -1));
        rejects("Invalid baseLr: NaN", () -> LrSchedules.exponential(0.9, Unit.STEP).lr(Double.NaN, 0));
    }
}

package dev.descent.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.train.History;
import org.junit.jupiter.api.Test;

/** The source material's seeds, run as the examples a user would run. */
class SeedExamplesTest {

    @Test
    void singleSampleStep() {
        assertEquals(99.8020, SeedSteps.stepFrom100(1f), 5e-5);
    }

    @Test
    void batchOfTenStep() {
        assertEquals(92.3770, SeedSteps.stepFrom100(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 5e-5);
    }

    @Test
    void bowlDescendsGeometrically() {
        History h = BowlDescent.run(1, 1, 0.1, 50);
        assertEquals(51, h.trajectory().size(), "initial point plus one per step");
        // GD on x^2 with lr 0.1 multiplies x by 0.8 each step
        float x50 = h.trajectory().get(50).params().get("x")[0];
        assertEquals(Math.pow(0.8, 50), x50, 1e-7);
        assertEquals(2 * Math.pow(0.8, 98), h.finalLoss(), 1e-9);
    }

    @Test
    void lineFitWithMiniBatchesOfTenWithoutReplacement() {
        LineFit.Result r = LineFit.run(7, 30);
        assertEquals(2.0, r.a(), 0.05);
        assertEquals(1.0, r.b(), 0.05);
        assertEquals(30 * 10, r.history().steps().size(), "100 points in batches of 10: 10 steps per epoch");
        assertTrue(r.history().steps().stream().allMatch(s -> s.samples() == 10));
    }
}

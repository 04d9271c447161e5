package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The samplers at their boundaries: the last valid position of an epoch and the first invalid
 * one, epoch lengths when N is a multiple of the batch size, a batch size equal to N, and replay
 * indices at N.
 */
class SamplerBoundsTest {

    private static List<Batching> configurations() {
        return List.of(Batching.fullBatch(), Batching.singleSample(3), Batching.miniBatch(4).seed(2),
                Batching.miniBatch(4).dropLast(true), Batching.miniBatch(4).withReplacement(true),
                Batching.replay(List.of(new int[] {0}, new int[] {1, 2})));
    }

    @Test
    void restoreAcceptsTheLastStepOfAnEpochAndRefusesTheEpochsLength() {
        for (Batching cfg : configurations()) {
            int steps = cfg.stepsPerEpoch(12);
            BatchSampler walked = cfg.sampler(12);
            for (int i = 0; i < steps - 1; i++) {
                walked.next();
            }
            BatchSampler s = cfg.sampler(12);
            s.restore(walked.state());
            assertEquals(steps - 1, s.state().stepInEpoch(), cfg.describe());
            assertArrayEquals(walked.next().clone(), s.next(), cfg.describe());
            assertTrue(s.endOfEpoch(), cfg.describe() + ": the restored position was the epoch's last batch");
            assertEquals(1, s.epoch());

            SamplerState end = new SamplerState(cfg.describe(), 12, 0, steps, 0L);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> cfg.sampler(12).restore(end));
            assertTrue(e.getMessage().startsWith("Invalid stepInEpoch: " + steps + " (an epoch of \"" + cfg.describe()
                    + "\" over 12 samples has " + steps + " steps, so stepInEpoch must be < " + steps), e.getMessage());
            assertTrue(e.getMessage().contains("a finished epoch is saved as step 0 of the next one"), e.getMessage());
            SamplerState beyond = new SamplerState(cfg.describe(), 12, 3, steps + 5, 0L);
            assertThrows(IllegalArgumentException.class, () -> cfg.sampler(12).restore(beyond));
        }
    }

    @Test
    void aRefusedRestoreLeavesTheSamplerWhereItWas() {
        BatchSampler s = Batching.miniBatch(4).seed(9).sampler(12);
        BatchSampler twin = Batching.miniBatch(4).seed(9).sampler(12);
        s.next();
        twin.next();
        SamplerState before = s.state();
        assertThrows(IllegalArgumentException.class,
                () -> s.restore(new SamplerState(Batching.miniBatch(4).seed(9).describe(), 12, 5, 3, 0L)));
        assertEquals(before, s.state());
        assertArrayEquals(twin.next().clone(), s.next());
    }

    @Test
    void negativePositionsAreRefusedWithTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SamplerState("full batch", 3, -1, 0, 0L));
        assertTrue(e.getMessage().startsWith("Invalid epoch: -1 (epoch counts finished epochs and must be >= 0)"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SamplerState("full batch", 3, 0, -1, 0L));
        assertTrue(e.getMessage().startsWith("Invalid stepInEpoch: -1 ("), e.getMessage());
        assertEquals(0, new SamplerState("full batch", 3, 0, 0, 0L).stepInEpoch());
    }

    @Test
    void withReplacementAnEpochHasCeilOrFloorOfNOverBBatches() {
        // N a multiple of B: exactly N / B either way; otherwise ceil, or floor with dropLast
        int[][] cases = {{12, 4, 3, 3}, {13, 4, 4, 3}, {11, 4, 3, 2}, {4, 4, 1, 1}, {3, 4, 1, -1}, {1, 1, 1, 1}};
        for (int[] c : cases) {
            MiniBatch b = Batching.miniBatch(c[1]).withReplacement(true);
            assertEquals(c[2], b.stepsPerEpoch(c[0]), "N=" + c[0] + " B=" + c[1]);
            assertEquals(c[2], epochLength(b.sampler(c[0])), "N=" + c[0] + " B=" + c[1]);
            if (c[3] > 0) {
                assertEquals(c[3], b.dropLast(true).stepsPerEpoch(c[0]), "N=" + c[0] + " B=" + c[1] + " dropLast");
                assertEquals(c[3], epochLength(b.dropLast(true).sampler(c[0])), "N=" + c[0] + " B=" + c[1] + " dropLast");
            }
        }
    }

    /** Batches until the first end of epoch; every batch is of full size. */
    private static int epochLength(BatchSampler s) {
        int n = 0;
        do {
            s.next();
            n++;
        } while (!s.endOfEpoch() && n < 1000);
        assertEquals(n, s.stepsPerEpoch());
        return n;
    }

    @Test
    void aBatchSizeOfNWithDropLastIsOneFullBatchPerEpoch() {
        for (boolean shuffle : new boolean[] {true, false}) {
            BatchSampler s = Batching.miniBatch(6).shuffle(shuffle).dropLast(true).sampler(6);
            assertEquals(1, s.stepsPerEpoch());
            for (int e = 0; e < 3; e++) {
                int[] all = s.next().clone();
                assertTrue(s.endOfEpoch());
                Arrays.sort(all);
                assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, all);
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Batching.miniBatch(7).dropLast(true).sampler(6));
        assertTrue(e.getMessage().startsWith("batch_size 7 is larger than the dataset size 6 with dropLast=true"),
                e.getMessage());
    }

    @Test
    void permutationEpochsCutIntoFullBatchesAndOneShorterOne() {
        BatchSampler s = Batching.miniBatch(4).shuffle(false).sampler(10);
        assertArrayEquals(new int[] {0, 1, 2, 3}, s.next().clone());
        assertArrayEquals(new int[] {4, 5, 6, 7}, s.next().clone());
        assertArrayEquals(new int[] {8, 9}, s.next().clone());
        assertTrue(s.endOfEpoch());
        BatchSampler even = Batching.miniBatch(4).shuffle(false).sampler(8);
        assertArrayEquals(new int[] {0, 1, 2, 3}, even.next().clone());
        assertFalse(even.endOfEpoch());
        assertArrayEquals(new int[] {4, 5, 6, 7}, even.next().clone());
        assertTrue(even.endOfEpoch());
    }

    @Test
    void replayRefusesIndexNAndAcceptsNMinusOne() {
        List<int[]> batches = List.of(new int[] {0, 4});
        assertArrayEquals(new int[] {0, 4}, Batching.replay(batches).sampler(5).next());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Batching.replay(batches).sampler(4));
        assertTrue(e.getMessage().startsWith("replay batch 0 has index 4 at position 1, outside [0, 4)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Batching.replay(List.of(new int[] {-1})).sampler(4));
        assertTrue(e.getMessage().startsWith("replay batch 0 has index -1 at position 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Batching.replay(Arrays.asList(new int[] {0}, null)));
        assertTrue(e.getMessage().startsWith("replay batch 1 is null"), e.getMessage());
        assertEquals(1, Batching.replay(List.of(new int[] {2})).stepsPerEpoch(99));
        assertEquals("replay of 1 fixed batch", Batching.replay(List.of(new int[] {2})).toString());
    }
}

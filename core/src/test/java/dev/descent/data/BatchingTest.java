package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchingTest {

    private static int[] range(int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = i;
        }
        return r;
    }

    /** The batches of the next epoch, copied (next() may reuse its array). */
    private static List<int[]> epoch(BatchSampler s) {
        List<int[]> out = new ArrayList<>();
        long e = s.epoch();
        for (int i = 0; i < s.stepsPerEpoch(); i++) {
            assertEquals(e, s.epoch());
            out.add(s.next().clone());
            assertEquals(i == s.stepsPerEpoch() - 1, s.endOfEpoch());
        }
        assertEquals(e + 1, s.epoch());
        return out;
    }

    private static int[] concat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void fullBatchReturnsAllIndicesOncePerEpoch() {
        BatchSampler s = Batching.fullBatch().sampler(5);
        assertEquals(1, s.stepsPerEpoch());
        assertEquals(0, s.epoch());
        assertFalse(s.endOfEpoch());
        assertArrayEquals(range(5), s.next());
        assertTrue(s.endOfEpoch());
        assertEquals(1, s.epoch());
        assertArrayEquals(range(5), s.next());
        assertEquals(2, s.epoch());
    }

    @Test
    void singleSampleChiSquare() {
        int n = 10;
        int draws = 100_000;
        BatchSampler s = Batching.singleSample(42).sampler(n);
        assertEquals(n, s.stepsPerEpoch());
        long[] counts = new long[n];
        for (int i = 0; i < draws; i++) {
            int[] b = s.next();
            assertEquals(1, b.length);
            counts[b[0]]++;
        }
        assertEquals(draws / n, s.epoch());
        // df 9, 0.999 critical value 27.88
        double chi = RngTest.chiSquare(counts, draws);
        assertTrue(chi < 27.88, "chi-square " + chi + " for " + Arrays.toString(counts));
    }

    @Test
    void singleSampleIsWithReplacementAndSeeded() {
        BatchSampler a = Batching.singleSample(1).sampler(10);
        BatchSampler b = Batching.singleSample(1).sampler(10);
        BatchSampler c = Batching.singleSample(2).sampler(10);
        int[] sa = concat(epoch(a));
        assertArrayEquals(sa, concat(epoch(b)));
        assertFalse(Arrays.equals(sa, concat(epoch(c))));
        // 10 draws from 10 with replacement: some repeat (probability 1 - 10!/10^10, and fixed by the seed)
        assertTrue(Arrays.stream(sa).distinct().count() < 10, Arrays.toString(sa));
    }

    @Test
    void miniBatchEpochVisitsEveryIndexOnce() {
        int n = 10;
        BatchSampler s = Batching.miniBatch(3).seed(7).sampler(n);
        assertEquals(4, s.stepsPerEpoch());
        for (int e = 0; e < 3; e++) {
            List<int[]> batches = epoch(s);
            assertEquals(List.of(3, 3, 3, 1), batches.stream().map(b -> b.length).toList());
            int[] all = concat(batches);
            Arrays.sort(all);
            assertArrayEquals(range(n), all);
        }
    }

    @Test
    void miniBatchDropLastVisitsFloorTimesBDistinctIndices() {
        int n = 10;
        BatchSampler s = Batching.miniBatch(3).seed(7).dropLast(true).sampler(n);
        assertEquals(3, s.stepsPerEpoch());
        boolean[] everDropped = new boolean[n];
        for (int e = 0; e < 20; e++) {
            List<int[]> batches = epoch(s);
            assertEquals(List.of(3, 3, 3), batches.stream().map(b -> b.length).toList());
            int[] all = concat(batches);
            assertEquals(9, Arrays.stream(all).distinct().count());
            assertTrue(Arrays.stream(all).allMatch(i -> i >= 0 && i < n));
            boolean[] seen = new boolean[n];
            for (int i : all) {
                seen[i] = true;
            }
            for (int i = 0; i < n; i++) {
                if (!seen[i]) {
                    everDropped[i] = true;
                }
            }
        }
        // the dropped sample varies with the epoch's permutation
        int distinctDropped = 0;
        for (boolean d : everDropped) {
            distinctDropped += d ? 1 : 0;
        }
        assertTrue(distinctDropped > 1, "always the same sample dropped");
    }

    @Test
    void miniBatchSamePermutationForSameSeedDifferentAcrossEpochsAndSeeds() {
        BatchSampler a = Batching.miniBatch(4).seed(11).sampler(20);
        BatchSampler b = Batching.miniBatch(4).seed(11).sampler(20);
        BatchSampler c = Batching.miniBatch(4).seed(12).sampler(20);
        int[] a0 = concat(epoch(a));
        int[] a1 = concat(epoch(a));
        assertArrayEquals(a0, concat(epoch(b)));
        assertFalse(Arrays.equals(a0, a1), "epochs 0 and 1 have the same permutation");
        assertFalse(Arrays.equals(a0, concat(epoch(c))), "seeds 11 and 12 give the same permutation");
        assertFalse(Arrays.equals(a0, range(20)), "shuffled epoch is the identity");
    }

    @Test
    void miniBatchDefaultSeedZeroIsReproducible() {
        MiniBatch b = Batching.miniBatch(5);
        assertEquals(0L, b.seed());
        assertTrue(b.shuffle());
        assertFalse(b.dropLast());
        assertFalse(b.withReplacement());
        assertArrayEquals(concat(epoch(b.sampler(17))), concat(epoch(b.sampler(17))));
    }

    @Test
    void miniBatchOfNWithoutShuffleEqualsFullBatch() {
        BatchSampler mini = Batching.miniBatch(6).shuffle(false).sampler(6);
        BatchSampler full = Batching.fullBatch().sampler(6);
        assertEquals(full.stepsPerEpoch(), mini.stepsPerEpoch());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(full.next(), mini.next());
            assertEquals(full.epoch(), mini.epoch());
        }
    }

    @Test
    void miniBatchWithoutShuffleIsInOrder() {
        BatchSampler s = Batching.miniBatch(4).shuffle(false).sampler(10);
        List<int[]> e = epoch(s);
        assertArrayEquals(new int[] {0, 1, 2, 3}, e.get(0));
        assertArrayEquals(new int[] {8, 9}, e.get(2));
        assertArrayEquals(range(10), concat(epoch(s)));
    }

    @Test
    void batchLargerThanDatasetGivesOneBatchOfAll() {
        BatchSampler s = Batching.miniBatch(100).sampler(7);
        assertEquals(1, s.stepsPerEpoch());
        int[] b = s.next().clone();
        assertEquals(7, b.length);
        Arrays.sort(b);
        assertArrayEquals(range(7), b);
    }

    @Test
    void miniBatchWithReplacement() {
        MiniBatch cfg = Batching.miniBatch(4).withReplacement(true).seed(3);
        BatchSampler s = cfg.sampler(10);
        assertEquals(3, s.stepsPerEpoch()); // ceil(10/4)
        List<int[]> e = epoch(s);
        assertTrue(e.stream().allMatch(b -> b.length == 4));
        assertTrue(e.stream().flatMapToInt(Arrays::stream).allMatch(i -> i >= 0 && i < 10));
        assertEquals(2, cfg.dropLast(true).sampler(10).stepsPerEpoch()); // floor(10/4)
        // with replacement over many batches: repeats within a batch must occur
        boolean repeat = false;
        BatchSampler big = Batching.miniBatch(8).withReplacement(true).sampler(10);
        for (int i = 0; i < 50 && !repeat; i++) {
            repeat = Arrays.stream(big.next()).distinct().count() < 8;
        }
        assertTrue(repeat);
    }

    @Test
    void restoreMidEpochResumesIdentically() {
        for (Batching cfg : List.of(Batching.miniBatch(3).seed(5), Batching.miniBatch(3).seed(5).withReplacement(true),
                Batching.singleSample(9), Batching.miniBatch(4).dropLast(true).seed(1), Batching.fullBatch())) {
            BatchSampler ref = cfg.sampler(11);
            List<int[]> expected = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                expected.add(ref.next().clone());
            }
            for (int stopAt : new int[] {0, 1, 5, 6, 13}) {
                BatchSampler s = cfg.sampler(11);
                for (int i = 0; i < stopAt; i++) {
                    s.next();
                }
                SamplerState saved = s.state();
                boolean endOfEpoch = s.endOfEpoch();
                long epoch = s.epoch();
                BatchSampler resumed = cfg.sampler(11);
                resumed.restore(saved);
                assertEquals(epoch, resumed.epoch(), cfg.describe());
                assertEquals(endOfEpoch, resumed.endOfEpoch(), cfg.describe());
                assertEquals(saved, resumed.state());
                for (int i = stopAt; i < 40; i++) {
                    assertArrayEquals(expected.get(i), resumed.next(), cfg.describe() + " stop " + stopAt + " step " + i);
                }
            }
        }
    }

    @Test
    void epochPermutationIsPureFunctionOfSeedAndEpoch() {
        MiniBatch cfg = Batching.miniBatch(5).seed(-8);
        BatchSampler walked = cfg.sampler(13);
        for (int e = 0; e < 7; e++) {
            epoch(walked);
        }
        BatchSampler jumped = cfg.sampler(13);
        jumped.restore(new SamplerState(cfg.describe(), 13, 7, 0, 0L));
        assertArrayEquals(concat(epoch(walked)), concat(epoch(jumped)));
    }

    @Test
    void restoreRejectsForeignState() {
        SamplerState st = Batching.miniBatch(3).sampler(10).state();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Batching.miniBatch(4).sampler(10).restore(st));
        assertTrue(e.getMessage().contains("mini-batch of 3") && e.getMessage().contains("mini-batch of 4"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> Batching.miniBatch(3).sampler(12).restore(st));
        assertTrue(e2.getMessage().contains("10") && e2.getMessage().contains("12"), e2.getMessage());
    }

    @Test
    void replayReturnsBatchesInOrderAndCycles() {
        List<int[]> batches = List.of(new int[] {4, 2}, new int[] {0}, new int[] {1, 1, 3});
        BatchSampler s = Batching.replay(batches).sampler(5);
        assertEquals(3, s.stepsPerEpoch());
        for (int e = 0; e < 2; e++) {
            assertEquals(e, s.epoch());
            assertArrayEquals(new int[] {4, 2}, s.next());
            assertFalse(s.endOfEpoch());
            assertArrayEquals(new int[] {0}, s.next());
            assertArrayEquals(new int[] {1, 1, 3}, s.next());
            assertTrue(s.endOfEpoch());
        }
        assertEquals(2, s.epoch());
    }

    @Test
    void replayCopiesItsInput() {
        int[] b = {1, 2};
        Batching r = Batching.replay(List.of(b));
        b[0] = 9;
        assertArrayEquals(new int[] {1, 2}, r.sampler(3).next());
    }

    @Test
    void validationMessages() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Batching.miniBatch(0));
        assertTrue(e.getMessage().contains("Invalid batch size: 0") && e.getMessage().contains("batch_size must be >= 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Batching.miniBatch(-3));
        assertTrue(e.getMessage().contains("-3"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Batching.miniBatch(64).dropLast(true).sampler(50));
        assertTrue(e.getMessage().contains("batch_size 64") && e.getMessage().contains("50") && e.getMessage().contains("dropLast"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Batching.miniBatch(4).shuffle(false).withReplacement(true));
        assertTrue(e.getMessage().contains("withReplacement") && e.getMessage().contains("shuffle"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Batching.replay(List.of()));
        assertTrue(e.getMessage().contains("replay batches"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Batching.replay(List.of(new int[] {0}, new int[0])));
        assertTrue(e.getMessage().contains("replay batch 1 is empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Batching.replay(List.of(new int[] {0, 7})).sampler(5));
        assertTrue(e.getMessage().contains("index 7") && e.getMessage().contains("[0, 5)"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Batching.fullBatch().sampler(0));
        assertTrue(e.getMessage().contains("datasetSize") && e.getMessage().contains("0"), e.getMessage());
    }

    @Test
    void describe() {
        assertEquals("mini-batch of 32, shuffled, seed 7", Batching.miniBatch(32).seed(7).describe());
        assertEquals("mini-batch of 8, in order, drop last", Batching.miniBatch(8).shuffle(false).dropLast(true).describe());
        assertEquals("mini-batch of 8, with replacement, seed 0", Batching.miniBatch(8).withReplacement(true).describe());
        assertEquals("full batch", Batching.fullBatch().describe());
        assertEquals("single sample with replacement, seed 3", Batching.singleSample(3).describe());
        assertEquals("replay of 2 fixed batches", Batching.replay(List.of(new int[] {0}, new int[] {1})).describe());
        assertNotEquals(Batching.miniBatch(8), Batching.miniBatch(8).seed(1));
        assertEquals(Batching.miniBatch(8).seed(1), Batching.miniBatch(8).seed(1));
    }
}

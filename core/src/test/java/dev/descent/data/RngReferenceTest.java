package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link Rng} against the JDK's {@link SplittableRandom}, which runs the same SplitMix64 stream:
 * the raw longs, the sub-stream seeds and Lemire's bounded draws (rejections included) are all
 * rebuilt here from SplittableRandom's output alone.
 */
class RngReferenceTest {
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    /** SplitMix64's finalizer, read off SplittableRandom: its first long for seed {@code z - GAMMA} is mix64(z). */
    private static long mix64(long z) {
        return new SplittableRandom(z - GAMMA).nextLong();
    }

    /** Lemire's nearly-divisionless method over the top 32 bits of each long (Lemire 2019, Algorithm 5). */
    private static int lemire(SplittableRandom r, int bound) {
        long m = (r.nextLong() >>> 32) * bound;
        if ((m & 0xFFFFFFFFL) < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while ((m & 0xFFFFFFFFL) < threshold) {
                m = (r.nextLong() >>> 32) * bound;
            }
        }
        return (int) (m >>> 32);
    }

    @Test
    void boundedDrawsMatchLemiresMethodIncludingItsRejections() {
        // 3 * 2^29: the threshold 2^30 rejects about a quarter of the draws that reach the check
        for (int bound : new int[] {1, 2, 3, 7, 10, 1_000_003, 3 << 29, Integer.MAX_VALUE}) {
            Rng rng = new Rng(bound);
            SplittableRandom reference = new SplittableRandom(bound);
            for (int i = 0; i < 2000; i++) {
                assertEquals(lemire(reference, bound), rng.nextInt(bound), "bound " + bound + ", draw " + i);
            }
            assertEquals(reference.nextLong(), rng.nextLong(), "bound " + bound + ": as many longs consumed");
        }
    }

    @Test
    void subStreamSeedsAreAPureFunctionOfSeedAndStream() {
        for (long seed : new long[] {0, 1, -8, Long.MAX_VALUE}) {
            for (long stream : new long[] {0, 1, 2, 1000}) {
                assertEquals(mix64(mix64(seed) + GAMMA * (stream + 1)), Rng.derive(seed, stream), seed + "/" + stream);
            }
        }
    }

    @Test
    void doublesAndGaussiansComeFromTheSameStream() {
        Rng rng = new Rng(17);
        SplittableRandom reference = new SplittableRandom(17);
        for (int i = 0; i < 100; i++) {
            assertEquals((reference.nextLong() >>> 11) * 0x1.0p-53, rng.nextDouble());
        }
        double u1 = 1.0 - (reference.nextLong() >>> 11) * 0x1.0p-53;
        double u2 = (reference.nextLong() >>> 11) * 0x1.0p-53;
        assertEquals(StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2), rng.nextGaussian());
    }
}

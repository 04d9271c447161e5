package dev.descent.data;

/**
 * A small, seeded, reproducible random number generator: SplitMix64 (Steele, Lea and Flood, 2014)
 * with its whole state in one explicit {@code long}.
 *
 * <p>Every seed is valid, including {@code 0} and {@link Long#MAX_VALUE}, and the sequence for a
 * seed is the same on every JVM and platform: the integer arithmetic is fully specified and the
 * only transcendental functions ({@link #nextGaussian()}) go through {@link StrictMath}. That is why
 * the library never uses ND4J's RNG (seed 0 is special there) or {@code java.util.Random} here.
 * The raw {@link #nextLong()} stream equals {@code java.util.SplittableRandom}'s for the same seed.
 *
 * <p>Not thread-safe; give each consumer its own instance. Snapshot with {@link #state()} and
 * resume with {@link #fromState(long)}.
 *
 * <pre>{@code
 * Rng rng = new Rng(42);
 * int[] order = {0, 1, 2, 3, 4};
 * rng.shuffle(order);
 * Rng copy = Rng.fromState(rng.state());   // continues exactly where rng is
 * }</pre>
 */
public final class Rng {

    /** The SplitMix64 increment (the golden ratio in 64-bit fixed point). */
    private static final long GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    /** A generator seeded with {@code seed}; any value is fine. */
    public Rng(long seed) {
        this.state = seed;
    }

    /** Resumes from a value returned by {@link #state()}. */
    public static Rng fromState(long state) {
        return new Rng(state);
    }

    /** The complete internal state; {@code Rng.fromState(state())} continues this exact sequence. */
    public long state() {
        return state;
    }

    /** Uniform over all 2<sup>64</sup> {@code long} values. */
    public long nextLong() {
        state += GAMMA;
        return mix64(state);
    }

    /**
     * Uniform in {@code [0, bound)}, exactly unbiased (Lemire's multiply-and-reject method: rejects
     * only the few 32-bit draws that would over-represent small values).
     *
     * @throws IllegalArgumentException if {@code bound <= 0}
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("Invalid bound: " + bound + " (bound must be >= 1)");
        }
        long x = nextLong() >>> 32;
        long m = x * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                x = nextLong() >>> 32;
                m = x * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Uniform in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Standard normal (mean 0, standard deviation 1) by the Box-Muller transform. Only one of the
     * pair is used, so the state stays a single {@code long} with no cached spare value.
     */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble(); // (0, 1]: log never sees 0
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }

    /**
     * Shuffles {@code a} in place, uniformly over all permutations (Fisher-Yates): for {@code i} from
     * {@code a.length - 1} down to 1, swaps {@code a[i]} with {@code a[nextInt(i + 1)]}. Those are the
     * only draws, so the stream after a shuffle is defined.
     */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /**
     * The seed of an independent sub-stream {@code stream} of {@code seed}: a pure function of both,
     * so e.g. epoch {@code e}'s permutation can be rebuilt without replaying earlier epochs.
     */
    static long derive(long seed, long stream) {
        return mix64(mix64(seed) + GAMMA * (stream + 1));
    }

    /** Stafford's "variant 13" 64-bit finalizer, as in SplitMix64. */
    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

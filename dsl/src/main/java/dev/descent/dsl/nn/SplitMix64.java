package dev.descent.dsl.nn;

/**
 * A tiny, fully specified pseudo-random generator (Steele, Lea and Flood's SplitMix64). Used for
 * initial weights and dropout masks so that a seed gives the same numbers on every platform and
 * run, which ND4J's global generator does not guarantee.
 */
final class SplitMix64 {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;
    private double spareGaussian = Double.NaN;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** A generator for one purpose derived from a seed and a label (a parameter name, say). */
    static SplitMix64 derive(long seed, String label) {
        long h = mix(seed);
        for (int i = 0; i < label.length(); i++) {
            h = mix(h ^ label.charAt(i));
        }
        return new SplitMix64(h);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += GOLDEN;
        return mix(state);
    }

    /** Uniform in [0, 1) with 53 random bits. */
    double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Standard normal by the Box-Muller transform (pairs cached). */
    double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u1 = 1.0 - nextDouble(); // in (0, 1]: log is finite
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * Math.log(u1));
        spareGaussian = r * Math.sin(2 * Math.PI * u2);
        return r * Math.cos(2 * Math.PI * u2);
    }
}

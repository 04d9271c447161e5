package dev.descent.dsl.nn;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Sampling helpers behind {@link Init}'s factories. */
final class Inits {
    private Inits() {
    }

    /** An initialiser with a readable {@code toString} (shown in summaries and messages). */
    record Named(String name, Init init) implements Init {
        @Override
        public INDArray create(long[] shape, long fanIn, long fanOut, long seed) {
            return init.create(shape, fanIn, fanOut, seed);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static INDArray uniform(long[] shape, double lo, double hi, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        float[] v = new float[Math.toIntExact(count(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (lo + (hi - lo) * rng.nextDouble());
        }
        return Nd4j.create(v, shape, 'c');
    }

    static INDArray normal(long[] shape, double mean, double std, long seed) {
        SplitMix64 rng = new SplitMix64(seed);
        float[] v = new float[Math.toIntExact(count(shape))];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (mean + std * rng.nextGaussian());
        }
        return Nd4j.create(v, shape, 'c');
    }

    static void requirePositive(String what, double value, String where) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("Init." + where + "(" + what + "): " + what + " = " + value
                    + "; it must be a finite number > 0 (1.0 for linear layers, sqrt(2) for ReLU).");
        }
    }

    private static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}

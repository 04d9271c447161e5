package dev.descent.dsl.nn;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How a parameter gets its starting value. Random initialisers draw from a generator seeded by the
 * model's seed and the parameter's name, so the same seed gives the same weights on every run.
 * Fans follow torch: for a dense weight of shape [in, out], {@code fanIn = in} and
 * {@code fanOut = out}; a bias gets its layer's fans.
 *
 * <pre>{@code
 * Sequential.builder().input(4).dense(d -> d.units(8).weightInit(Init.heNormal()).biasInit(Init.zeros())).build();
 * }</pre>
 */
@FunctionalInterface
public interface Init {

    /**
     * A new float32 array of the given shape.
     *
     * @param shape  the parameter's shape
     * @param fanIn  inputs feeding each output unit
     * @param fanOut output units each input feeds
     * @param seed   a seed derived from the model's seed and the parameter's name
     */
    INDArray create(long[] shape, long fanIn, long fanOut, long seed);

    /**
     * torch's {@code nn.Linear} default: weight and bias uniform in
     * {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]} (kaiming_uniform with a = sqrt(5) gives this bound).
     */
    static Init torchDefault() {
        return named("torchDefault", (shape, fanIn, fanOut, seed) -> {
            double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0.0;
            return Inits.uniform(shape, -bound, bound, seed);
        });
    }

    /** Glorot/Xavier uniform with gain 1. */
    static Init xavierUniform() {
        return xavierUniform(1.0);
    }

    /** Glorot/Xavier uniform: {@code U(-b, b)}, {@code b = gain * sqrt(6 / (fanIn + fanOut))}. */
    static Init xavierUniform(double gain) {
        Inits.requirePositive("gain", gain, "xavierUniform");
        return named("xavierUniform(" + gain + ")", (shape, fanIn, fanOut, seed) ->
                Inits.uniform(shape, -gain * Math.sqrt(6.0 / (fanIn + fanOut)), gain * Math.sqrt(6.0 / (fanIn + fanOut)), seed));
    }

    /** Glorot/Xavier normal with gain 1. */
    static Init xavierNormal() {
        return xavierNormal(1.0);
    }

    /** Glorot/Xavier normal: {@code N(0, std^2)}, {@code std = gain * sqrt(2 / (fanIn + fanOut))}. */
    static Init xavierNormal(double gain) {
        Inits.requirePositive("gain", gain, "xavierNormal");
        return named("xavierNormal(" + gain + ")", (shape, fanIn, fanOut, seed) ->
                Inits.normal(shape, 0.0, gain * Math.sqrt(2.0 / (fanIn + fanOut)), seed));
    }

    /** He/Kaiming uniform for ReLU (mode fan_in, gain sqrt 2): {@code U(-b, b)}, {@code b = sqrt(6 / fanIn)}. */
    static Init heUniform() {
        return named("heUniform", (shape, fanIn, fanOut, seed) ->
                Inits.uniform(shape, -Math.sqrt(6.0 / fanIn), Math.sqrt(6.0 / fanIn), seed));
    }

    /** He/Kaiming normal for ReLU (mode fan_in, gain sqrt 2): {@code N(0, 2 / fanIn)}. */
    static Init heNormal() {
        return named("heNormal", (shape, fanIn, fanOut, seed) -> Inits.normal(shape, 0.0, Math.sqrt(2.0 / fanIn), seed));
    }

    /** Uniform in {@code [a, b)}. */
    static Init uniform(double a, double b) {
        if (!(Double.isFinite(a) && Double.isFinite(b) && a <= b)) {
            throw new IllegalArgumentException("Init.uniform(a, b): a = " + a + ", b = " + b
                    + "; both must be finite with a <= b. Fix: e.g. Init.uniform(-0.1, 0.1).");
        }
        return named("uniform(" + a + ", " + b + ")", (shape, fanIn, fanOut, seed) -> Inits.uniform(shape, a, b, seed));
    }

    /** Normal with the given mean and standard deviation. */
    static Init normal(double mean, double std) {
        if (!Double.isFinite(mean) || !(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("Init.normal(mean, std): mean = " + mean + ", std = " + std
                    + "; the mean must be finite and std finite and >= 0. Fix: e.g. Init.normal(0, 0.01).");
        }
        return named("normal(" + mean + ", " + std + ")", (shape, fanIn, fanOut, seed) -> Inits.normal(shape, mean, std, seed));
    }

    /** All zeros. */
    static Init zeros() {
        return constant(0.0);
    }

    /** Every element {@code value}. */
    static Init constant(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("Init.constant(value): value = " + value + "; it must be finite");
        }
        return named("constant(" + value + ")", (shape, fanIn, fanOut, seed) -> Nd4j.valueArrayOf(shape, (float) value));
    }

    /** Exactly these values (copied); the parameter's shape must equal the array's. */
    static Init array(INDArray values) {
        Objects.requireNonNull(values, "values");
        INDArray copy = values.castTo(DataType.FLOAT).dup();
        return named("array" + Arrays.toString(copy.shape()), (shape, fanIn, fanOut, seed) -> {
            if (!Arrays.equals(shape, copy.shape())) {
                throw new IllegalArgumentException("Init.array: the given values have shape " + Arrays.toString(copy.shape())
                        + " but the parameter has shape " + Arrays.toString(shape)
                        + ". Fix: pass an array of shape " + Arrays.toString(shape)
                        + " (dense weights are [in, out], biases [out]).");
            }
            return copy.dup();
        });
    }

    /** Exactly these values, for a rank-2 parameter such as a dense weight [in][out]. */
    static Init array(float[][] values) {
        return array(Nd4j.createFromArray(values));
    }

    /** Exactly these values, for a rank-1 parameter such as a bias. */
    static Init array(float[] values) {
        return array(Nd4j.createFromArray(values));
    }

    private static Init named(String name, Init init) {
        return new Inits.Named(name, init);
    }
}

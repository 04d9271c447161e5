package dev.descent.dsl.nn;

import dev.descent.graph.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The mask input of one dropout layer: in training each element is 0 with probability p and
 * {@code 1 / (1 - p)} otherwise (torch's inverted dropout, so evaluation needs no rescaling); in
 * evaluation every element is 1.
 */
record DropoutMask(String name, Shape shape, double p) implements AuxiliaryInput {

    @Override
    public INDArray trainingValue(long batchSize, long seed) {
        long[] dims = concrete(batchSize);
        SplitMix64 rng = SplitMix64.derive(seed, name);
        float keep = p >= 1.0 ? 0f : (float) (1.0 / (1.0 - p));
        float[] v = new float[Math.toIntExact(count(dims))];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextDouble() < p ? 0f : keep;
        }
        return Nd4j.create(v, dims, 'c');
    }

    @Override
    public INDArray evalValue(long batchSize) {
        return Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, concrete(batchSize));
    }

    private long[] concrete(long batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("Dropout mask '" + name + "': batchSize = " + batchSize + "; it must be >= 1");
        }
        long[] dims = shape.dims();
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] == Shape.ANY) {
                dims[i] = batchSize;
            }
        }
        return dims;
    }

    private static long count(long[] dims) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }
}

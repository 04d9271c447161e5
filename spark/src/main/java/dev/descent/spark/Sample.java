package dev.descent.spark;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * One training sample as it lives in an RDD: its features (flattened, C order, fed to the model's
 * feature input with the batch axis prepended) and its target (fed to the target input; a class
 * index is a one-element target). Arrays are not copied: do not modify them once in an RDD.
 *
 * <pre>{@code
 * Sample regression = Sample.of(new float[] {1.5f, -2f}, new float[] {0.3f});
 * Sample classified = Sample.ofClass(new float[] {5.1f, 3.5f, 1.4f, 0.2f}, 0);
 * }</pre>
 *
 * <p>A plain final class rather than a record: Kryo (Spark's {@code KryoSerializer}) cannot set the
 * fields of a record, and RDDs of samples are serialized with whichever serializer the cluster uses.
 */
public final class Sample implements Serializable {
    private static final long serialVersionUID = 2L;

    private final float[] features;
    private final float[] target;

    /**
     * @param features the model input of one sample, e.g. {@code d} values for an input of shape {@code [batch, d]}
     * @param target   the target of one sample (empty when the model's loss takes no target)
     */
    public Sample(float[] features, float[] target) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(target, "target");
        if (features.length == 0) {
            throw new IllegalArgumentException("Invalid features: an empty array (a sample needs at least one feature)");
        }
        this.features = features;
        this.target = target;
    }

    /** The model input of one sample, flattened in C order (not a copy). */
    public float[] features() {
        return features;
    }

    /** The target of one sample; empty when the model's loss takes no target (not a copy). */
    public float[] target() {
        return target;
    }

    /** A sample with a vector target (regression, one-hot labels). */
    public static Sample of(float[] features, float[] target) {
        return new Sample(features, target);
    }

    /** A sample whose target is the class index {@code classIndex} (for losses over class indices). */
    public static Sample ofClass(float[] features, int classIndex) {
        if (classIndex < 0) {
            throw new IllegalArgumentException("Invalid classIndex: " + classIndex + " (class indices are 0..classes-1)");
        }
        return new Sample(features, new float[] {classIndex});
    }

    /** A sample without a target, for losses that need only the features (autoencoders, density fits). */
    public static Sample unlabeled(float[] features) {
        return new Sample(features, new float[0]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && Arrays.equals(features, s.features) && Arrays.equals(target, s.target);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(features) + Arrays.hashCode(target);
    }

    @Override
    public String toString() {
        return "Sample[features=" + Arrays.toString(features) + ", target=" + Arrays.toString(target) + "]";
    }
}

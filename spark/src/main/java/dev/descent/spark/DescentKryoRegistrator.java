package dev.descent.spark;

import com.esotericsoftware.kryo.Kryo;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoRegistrator;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;

/**
 * Registers the classes Descent's Spark training serializes with Kryo: samples, the cached columnar
 * blocks, the per-step broadcast and the partition sums. Needed when the cluster uses Kryo with
 * {@code spark.kryo.registrationRequired=true}; with Kryo's default (registration not required) it
 * only makes the serialized form smaller. Java serialization needs nothing.
 *
 * <pre>
 *   --conf spark.serializer=org.apache.spark.serializer.KryoSerializer
 *   --conf spark.kryo.registrator=dev.descent.spark.DescentKryoRegistrator   # comma-separate your own
 * </pre>
 */
public final class DescentKryoRegistrator implements KryoRegistrator {
    /** The classes registered, in registration order (driver and executors must agree on it). */
    static final List<Class<?>> CLASSES = List.of(Sample.class, PartitionBlock.class, StepPayload.class,
            Contribution.class, float[].class, float[][].class, double[].class, double[][].class, int[].class);

    @Override
    public void registerClasses(Kryo kryo) {
        for (Class<?> c : CLASSES) {
            kryo.register(c);
        }
    }

    /**
     * Fails fast, before the first job, when the cluster's serializer is Kryo with registration
     * required and Descent's classes are not registered (Spark's own error would name one class at a
     * time, some of them not public).
     */
    static void checkRegistered(SparkConf conf, Serializer serializer) {
        if (!(serializer instanceof KryoSerializer kryoSerializer) || !conf.getBoolean("spark.kryo.registrationRequired", false)) {
            return;
        }
        Kryo kryo = kryoSerializer.newKryo();
        List<String> missing = CLASSES.stream().filter(c -> kryo.getClassResolver().getRegistration(c) == null)
                .map(Class::getName).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("The cluster serializes with Kryo and requires registration "
                    + "(spark.kryo.registrationRequired=true), but Descent's classes " + missing + " are not registered. "
                    + "Fix: set spark.kryo.registrator=" + DescentKryoRegistrator.class.getName()
                    + " (comma-separated after your own registrators, if any).");
        }
    }
}

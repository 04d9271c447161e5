package dev.descent.spark;

/**
 * Called on the driver after every distributed step with its record and timings.
 *
 * <pre>{@code
 * builder.onSparkStep(r -> log.info("step {} loss {} compute {} ms", r.step().step(), r.loss(), r.computeMillis()));
 * }</pre>
 */
@FunctionalInterface
public interface SparkStepListener {
    void onStep(SparkStepRecord record);
}

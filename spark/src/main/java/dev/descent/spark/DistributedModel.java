package dev.descent.spark;

import dev.descent.DescentException;
import dev.descent.compile.CompiledModel;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The driver's view of the model for the local {@link dev.descent.train.Trainer}: the trainer
 * gathers a batch of global sample indices (its data set is just the indices {@code 0..N-1}, so its
 * sampler produces exactly the batches it would locally) and calls {@link #computeGradients}, which
 * runs the step on the cluster and leaves the averaged gradient in {@link #gradients()} (partition sums
 * added in partition order by {@link OrderedSum}, so the step is reproducible to the bit). Parameters
 * are the live arrays of a driver-side compiled copy, which the trainer's optimizer updates in place.
 */
final class DistributedModel implements CompiledModel {
    /** The one array of the trainer's index data set. */
    static final String INDEX = "sample_index";

    private final CompiledModel local;
    private final JavaSparkContext sc;
    private final JavaRDD<PartitionBlock> blocks;
    private final StepTask.Shared tasks;
    private final int depth;
    private final long samples;
    private final Map<String, INDArray> gradients = new LinkedHashMap<>();
    private LongSupplier stepCounter = () -> 0L;
    private @Nullable Timing last;

    /** Where the last step's time went (nanoseconds) and how many tasks ran / held samples. */
    record Timing(long broadcastNanos, long computeNanos, long aggregateNanos, long jobEndNanos, int tasks, int busyTasks) {
    }

    /**
     * A model over the {@code samples} samples cached in {@code blocks}, whose steps run {@code tasks}
     * and add the partitions' sums in a tree of {@code depth} levels; parameters live in {@code local}.
     */
    DistributedModel(CompiledModel local, JavaRDD<PartitionBlock> blocks, StepTask.Shared tasks, int depth, long samples) {
        this.local = local;
        this.sc = JavaSparkContext.fromSparkContext(blocks.context());
        this.blocks = blocks;
        this.tasks = tasks;
        this.depth = depth;
        this.samples = samples;
        local.parameters().forEach((k, v) -> gradients.put(k, Nd4j.zeros(v.dataType(), v.shape())));
    }

    /** The number of training samples. */
    long samples() {
        return samples;
    }

    void stepCounter(LongSupplier counter) {
        this.stepCounter = counter;
    }

    @Nullable Timing lastTiming() {
        return last;
    }

    @Override
    public double computeGradients(Map<String, INDArray> batch) {
        INDArray idx = batch.get(INDEX);
        if (idx == null) {
            throw new IllegalStateException("the trainer fed no sample indices");
        }
        int[] indices = idx.toIntVector();
        int[] sorted = isIdentity(indices) ? null : sortedCopy(indices);
        long expected = indices.length;

        long t0 = System.nanoTime();
        List<String> names = local.parameterNames();
        float[][] params = new float[names.size()][];
        for (int i = 0; i < params.length; i++) {
            params[i] = local.parameters().get(names.get(i)).dup('c').data().asFloat();
        }
        long step = stepCounter.getAsLong();
        Broadcast<StepPayload> payload = sc.broadcast(new StepPayload(step, params, sorted));
        long t1 = System.nanoTime();
        Contribution c;
        try {
            c = OrderedSum.of(blocks.mapPartitionsToPair(new StepTask(tasks, payload)),
                    blocks.getNumPartitions(), depth);
        } finally {
            payload.destroy();
        }
        long t2 = System.nanoTime();
        if (c.count != expected || c.gradSums == null) {
            throw new DescentException("Step " + step + " found " + c.count + " of its " + expected
                    + " samples on the executors: the cached samples changed since training started (a lost partition "
                    + "was recomputed from a non-deterministic source?). Fix: make the input RDD deterministic, e.g. "
                    + "checkpoint or save it before training.");
        }
        double divisor = tasks.reduction() == LossReduction.MEAN ? c.count : 1.0;
        for (int i = 0; i < names.size(); i++) {
            double[] s = c.gradSums[i];
            float[] g = new float[s.length];
            for (int j = 0; j < s.length; j++) {
                g[j] = (float) (s[j] / divisor);
            }
            INDArray target = gradients.get(names.get(i));
            target.assign(Nd4j.createFromArray(g).reshape(target.shape()));
        }
        long executorNanos = c.maxFetchNanos + c.maxComputeNanos;
        last = new Timing(t1 - t0 + c.maxFetchNanos, c.maxComputeNanos, Math.max(0, t2 - t1 - executorNanos), t2, c.tasks,
                c.busyTasks);
        return c.lossSum / divisor;
    }

    private boolean isIdentity(int[] indices) {
        if (indices.length != samples) {
            return false;
        }
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] != i) {
                return false;
            }
        }
        return true;
    }

    private static int[] sortedCopy(int[] indices) {
        int[] s = indices.clone();
        Arrays.sort(s);
        return s;
    }

    @Override
    public List<String> parameterNames() {
        return local.parameterNames();
    }

    @Override
    public Map<String, INDArray> parameters() {
        return local.parameters();
    }

    @Override
    public Map<String, INDArray> gradients() {
        return Collections.unmodifiableMap(gradients);
    }

    @Override
    public List<String> inputNames() {
        return List.of(INDEX);
    }

    @Override
    public double loss(Map<String, INDArray> batch) {
        throw new DescentException("The distributed model evaluates only training steps; evaluate with "
                + "SparkTrainer.model(), the driver's copy that holds the trained parameters.");
    }

    @Override
    public Map<String, INDArray> output(Map<String, INDArray> batch, List<String> outputNames) {
        throw new DescentException("The distributed model evaluates only training steps; predict with "
                + "SparkTrainer.model(), the driver's copy that holds the trained parameters.");
    }

    @Override
    public void setParameters(Map<String, INDArray> values) {
        local.setParameters(values);
    }

    @Override
    public void close() {
        gradients.values().forEach(INDArray::close);
    }
}

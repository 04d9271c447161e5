package dev.descent.spark;

import dev.descent.compile.CompiledModel;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.Tuple2;

/**
 * One partition's share of one step, run on an executor: select the step's samples held here, set
 * the broadcast parameters on this JVM's compiled model, run forward and backward, and return the
 * loss and gradient sums, numbered by partition for {@link OrderedSum}. Deterministic in its inputs,
 * so a retried attempt, or one on another executor, returns the same sums to the bit.
 */
final class StepTask implements PairFlatMapFunction<Iterator<PartitionBlock>, Integer, Contribution> {
    private static final long serialVersionUID = 1L;

    private final String modelId;
    private final Broadcast<byte[]> modelFile;
    private final Broadcast<StepPayload> payload;
    private final Feeds feeds;
    private final LossReduction reduction;
    private final @Nullable TaskHook hook;

    StepTask(String modelId, Broadcast<byte[]> modelFile, Broadcast<StepPayload> payload, Feeds feeds,
            LossReduction reduction, @Nullable TaskHook hook) {
        this.modelId = modelId;
        this.modelFile = modelFile;
        this.payload = payload;
        this.feeds = feeds;
        this.reduction = reduction;
        this.hook = hook;
    }

    @Override
    public Iterator<Tuple2<Integer, Contribution>> call(Iterator<PartitionBlock> blocks) {
        long t0 = System.nanoTime();
        StepPayload p = payload.value();
        long t1 = System.nanoTime();
        TaskContext ctx = TaskContext.get();
        if (hook != null) {
            hook.beforeTask(p.step(), ctx.partitionId(), ctx.attemptNumber());
        }
        Contribution c = Contribution.empty();
        c.tasks = 1;
        c.maxFetchNanos = t1 - t0;
        while (blocks.hasNext()) {
            PartitionBlock block = blocks.next();
            int[] rows = block.select(p.sortedIndices());
            if (rows.length > 0) {
                Contribution.merge(c, compute(block, rows, p));
                c.busyTasks = 1;
            }
        }
        c.maxComputeNanos = System.nanoTime() - t1;
        return List.of(new Tuple2<>(ctx.partitionId(), c)).iterator();
    }

    private Contribution compute(PartitionBlock block, int[] rows, StepPayload p) {
        Map<String, INDArray> feed = feeds.feed(block, rows);
        CompiledModel model = ExecutorModels.borrow(modelId, modelFile.value());
        try {
            List<String> names = model.parameterNames();
            Map<String, INDArray> live = model.parameters();
            Map<String, INDArray> values = new HashMap<>();
            for (int i = 0; i < names.size(); i++) {
                values.put(names.get(i), Nd4j.createFromArray(p.params()[i]).reshape(live.get(names.get(i)).shape()));
            }
            model.setParameters(values);
            double loss = model.computeGradients(feed);
            // MEAN: the model averaged over this partition's rows; weight by their count to get sums
            double weight = reduction == LossReduction.MEAN ? rows.length : 1.0;
            Map<String, INDArray> grads = model.gradients();
            double[][] sums = new double[names.size()][];
            for (int i = 0; i < names.size(); i++) {
                float[] g = grads.get(names.get(i)).dup('c').data().asFloat();
                double[] s = new double[g.length];
                for (int j = 0; j < g.length; j++) {
                    s[j] = g[j] * weight;
                }
                sums[i] = s;
            }
            Contribution c = Contribution.empty();
            c.gradSums = sums;
            c.lossSum = loss * weight;
            c.count = rows.length;
            return c;
        } finally {
            ExecutorModels.release(modelId, model);
        }
    }
}

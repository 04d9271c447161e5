package dev.descent.spark;

import dev.descent.compile.CompiledModel;
import java.io.Serializable;
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
record StepTask(Shared shared, Broadcast<StepPayload> payload)
        implements PairFlatMapFunction<Iterator<PartitionBlock>, Integer, Contribution> {
    private static final long serialVersionUID = 1L;

    /**
     * What every step's tasks share: the model executors compile (its id and broadcast model file),
     * how a block's rows feed it, how its loss combines samples, and a fault-injection hook for tests.
     */
    record Shared(String modelId, Broadcast<byte[]> modelFile, Feeds feeds, LossReduction reduction, @Nullable TaskHook hook)
            implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public Iterator<Tuple2<Integer, Contribution>> call(Iterator<PartitionBlock> blocks) {
        long t0 = System.nanoTime();
        StepPayload p = payload.value();
        long t1 = System.nanoTime();
        TaskContext ctx = TaskContext.get();
        TaskHook hook = shared.hook();
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
        Map<String, INDArray> feed = shared.feeds().feed(block, rows);
        CompiledModel model = ExecutorModels.borrow(shared.modelId(), shared.modelFile().value());
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
            double weight = shared.reduction() == LossReduction.MEAN ? rows.length : 1.0;
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
            ExecutorModels.release(shared.modelId(), model);
        }
    }
}

package dev.descent.compile;

import dev.descent.DescentException;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A compiled model's running statistics ({@code Ops.runningStat}): what a step feeds besides the
 * data (the buffers, and the training or evaluating flags) and how a training step moves each
 * buffer afterwards, torch's {@code running = (1 - momentum) * running + momentum * stat}, the
 * statistic scaled by {@code n / (n - 1)} for the unbiased ones (computed in double and rounded
 * once, as torch's CPU kernel accumulates in double).
 */
final class RunningStats {
    /** {@code perBatchRow}: elements of the statistic's source per element of the statistic and per batch row. */
    private record Update(INDArray buffer, String buffered, double momentum, boolean unbiased, long perBatchRow,
            boolean batched) {
    }

    private final Map<String, INDArray> buffers;
    private final List<Update> updates = new ArrayList<>();
    /** Per update: the statistic's variable. */
    private final List<String> outputNames = new ArrayList<>();
    /** An input with a batch axis, and that axis: where a step's batch size is read. */
    private @Nullable String batchInput;
    private int batchAxis;
    private final INDArray one = Nd4j.scalar(1f);
    private final INDArray zero = Nd4j.scalar(0f);

    RunningStats(ModelGraph graph, Map<Expr, SDVariable> vars, Map<String, INDArray> buffers) {
        this.buffers = buffers;
        for (Expr e : graph.runningStats()) {
            Expr buffer = e.inputs().get(1);
            long[] source = e.inputs().get(2).shape().dims();
            long fixed = 1;
            boolean batched = false;
            for (long d : source) {
                batched |= d == Shape.ANY;
                fixed *= d == Shape.ANY ? 1 : d;
            }
            updates.add(new Update(buffers.get(buffer.name()), buffer.name(), (Double) e.attrs().get(Ops.MOMENTUM),
                    (Boolean) e.attrs().get(Ops.UNBIASED), fixed / e.shape().size(), batched));
            outputNames.add(vars.get(e.inputs().get(0)).name());
        }
        for (Expr in : graph.inputs().values()) {
            long[] d = in.shape().dims();
            for (int i = 0; i < d.length && batchInput == null; i++) {
                if (d[i] == Shape.ANY) {
                    batchInput = in.name();
                    batchAxis = i;
                }
            }
        }
    }

    /** The variables a training step must report, one per running statistic. */
    List<String> outputNames() {
        return outputNames;
    }

    /** {@code feed} plus the buffers and the mode flags; {@code feed} itself when the model has neither. */
    Map<String, INDArray> feed(Map<String, INDArray> feed, boolean training) {
        if (buffers.isEmpty() && updates.isEmpty()) {
            return feed;
        }
        Map<String, INDArray> out = new HashMap<>(feed);
        out.putAll(buffers);
        if (!updates.isEmpty()) {
            out.put(Lowering.TRAINING, training ? one : zero);
            out.put(Lowering.EVALUATING, training ? zero : one);
        }
        return out;
    }

    /**
     * After a training step on {@code feed}: moves every buffer towards its statistic; {@code output}
     * gives the step's values of {@link #outputNames()}.
     */
    void update(IntFunction<INDArray> output, Map<String, INDArray> feed) {
        for (int u = 0; u < updates.size(); u++) {
            Update up = updates.get(u);
            INDArray stat = output.apply(u);
            long n = up.perBatchRow() * (up.batched() && batchInput != null ? feed.get(batchInput).size(batchAxis) : 1);
            double scale = 1.0;
            if (up.unbiased()) {
                if (n < 2) {
                    throw new DescentException("The running statistic of '" + up.buffered() + "' needs more than 1 value per"
                            + " channel in a training step, got " + n + " (torch raises the same). Fix: train with batches of"
                            + " at least 2 samples (e.g. miniBatch(32), not singleSample()).");
                }
                scale = (double) n / (n - 1);
            }
            float[] s = stat.castTo(DataType.FLOAT).dup().data().asFloat();
            INDArray buf = up.buffer();
            float[] b = buf.dup().data().asFloat();
            double m = up.momentum();
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) (m * (s[i] * scale) + (1 - m) * b[i]);
            }
            buf.assign(Nd4j.createFromArray(b).reshape(buf.shape()));
        }
    }
}

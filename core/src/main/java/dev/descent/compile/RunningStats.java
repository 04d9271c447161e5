package dev.descent.compile;

import dev.descent.DescentException;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
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
    private record Update(INDArray buffer, String buffered, double momentum, boolean unbiased) {
    }

    private final Map<String, INDArray> buffers;
    private final List<Update> updates = new ArrayList<>();
    /** Per update: the statistic's variable, then the variable it was reduced from (for n). */
    private final List<String> outputNames = new ArrayList<>();
    private final INDArray one = Nd4j.scalar(1f);
    private final INDArray zero = Nd4j.scalar(0f);

    RunningStats(ModelGraph graph, Map<Expr, SDVariable> vars, Map<String, INDArray> buffers) {
        this.buffers = buffers;
        for (Expr e : graph.runningStats()) {
            Expr buffer = e.inputs().get(1);
            updates.add(new Update(buffers.get(buffer.name()), buffer.name(), (Double) e.attrs().get(Ops.MOMENTUM),
                    (Boolean) e.attrs().get(Ops.UNBIASED)));
            outputNames.add(vars.get(e.inputs().get(0)).name());
            outputNames.add(vars.get(e.inputs().get(2)).name());
        }
    }

    /** The variables a training step must report, two per running statistic (statistic, source). */
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

    /** After a training step: moves every buffer towards its statistic; {@code output} gives the step's values of {@link #outputNames()}. */
    void update(IntFunction<INDArray> output) {
        for (int u = 0; u < updates.size(); u++) {
            Update up = updates.get(u);
            INDArray stat = output.apply(2 * u);
            long n = output.apply(2 * u + 1).length() / stat.length();
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

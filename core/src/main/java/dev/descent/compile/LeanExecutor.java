package dev.descent.compile;

import dev.descent.DescentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs forward and backward of a compiled model without SameDiff's InferenceSession: the
 * gradient function's ops in a fixed order ({@link OpOrder}), on arrays allocated once per
 * set of input shapes ({@link LeanPlan}). A steady-state step allocates no native memory: the
 * session's per-step dependency tracking, fresh output arrays and result maps are gone, and
 * gradients land directly in the model's gradient arrays.
 *
 * <p>A few plans are kept (a training loop typically alternates between the full batch size and a
 * short last batch, plus an evaluation size); the least recently used one is freed beyond that.
 */
final class LeanExecutor {
    static final int MAX_PLANS = 4;

    private final OpOrder order;
    private final INDArray[] gradTargets;
    private final List<LeanPlan> plans = new ArrayList<>(MAX_PLANS);
    private final INDArray[] feeds;

    /** The native op names, in execution order (for tests). */
    java.util.List<String> opNames() {
        return order.steps.stream().map(st -> st.op().opName()).toList();
    }

    private LeanExecutor(OpOrder order, INDArray[] gradTargets) {
        this.order = order;
        this.gradTargets = gradTargets;
        this.feeds = new INDArray[order.placeholders.size()];
    }

    /**
     * A lean executor for {@code sd} (whose gradient function exists), writing into {@code grads}
     * (model order, keyed by parameter name), or null when the graph needs SameDiff's session.
     */
    static @Nullable LeanExecutor tryCreate(SameDiff sd, String lossName, List<String> paramNames, Map<String, INDArray> grads,
            List<String> extraOutputs) {
        OpOrder s = OpOrder.tryBuild(sd, lossName, paramNames, extraOutputs);
        if (s == null) {
            return null;
        }
        INDArray[] targets = new INDArray[paramNames.size()];
        for (int i = 0; i < targets.length; i++) {
            targets[i] = grads.get(paramNames.get(i));
        }
        return new LeanExecutor(s, targets);
    }

    /** One forward + backward pass on validated feeds; returns the loss, gradients in the model's arrays. */
    double run(Map<String, INDArray> feed) {
        for (int i = 0; i < feeds.length; i++) {
            INDArray a = feed.get(order.placeholders.get(i));
            if (a == null) {
                throw new DescentException("Missing input '" + order.placeholders.get(i) + "': the loss needs it. Fix: add an"
                        + " array named '" + order.placeholders.get(i) + "' to the batch.");
            }
            if (a.wasClosed()) {
                throw new DescentException("Input '" + order.placeholders.get(i) + "' was closed before this step. Fix: feed an"
                        + " array that is still open (close batches only after the step).");
            }
            feeds[i] = a;
        }
        LeanPlan plan = cachedPlan(feeds);
        if (plan == null) {
            plan = newPlan(feeds); // building a plan runs this step
        } else {
            plan.run(feeds);
        }
        for (int p = 0; p < gradTargets.length; p++) {
            int slot = order.gradSlots[p];
            if (slot < 0) {
                gradTargets[p].assign(0); // the loss does not depend on this parameter
            } else if (!plan.gradBound[p]) {
                INDArray g = plan.value(slot);
                gradTargets[p].assign(g.length() == gradTargets[p].length() ? g.reshape(gradTargets[p].shape()) : g);
            }
        }
        double loss = plan.value(order.lossSlot).getDouble(0);
        java.util.Arrays.fill(feeds, null); // do not keep the caller's batch alive
        return loss;
    }

    private @Nullable LeanPlan cachedPlan(INDArray[] feeds) {
        for (int i = 0; i < plans.size(); i++) {
            LeanPlan p = plans.get(i);
            if (p.accepts(feeds)) {
                if (i != 0) {
                    plans.remove(i);
                    plans.add(0, p);
                }
                return p;
            }
        }
        return null;
    }

    private LeanPlan newPlan(INDArray[] feeds) {
        LeanPlan p = new LeanPlan(order, feeds, gradTargets);
        plans.add(0, p);
        if (plans.size() > MAX_PLANS) {
            plans.remove(plans.size() - 1).close();
        }
        return p;
    }

    /** The value of extra output {@code i} (see {@link OpOrder#tryBuild}) after the latest step; read before the next. */
    INDArray extraOutput(int i) {
        LeanPlan p = plans.get(0);
        return p.value(order.extraSlots[i]);
    }

    /** The plan of the latest step (for tests); null before the first. */
    @Nullable LeanPlan latestPlan() {
        return plans.isEmpty() ? null : plans.get(0);
    }

    int planCount() {
        return plans.size();
    }

    void close() {
        for (LeanPlan p : plans) {
            p.close();
        }
        plans.clear();
    }
}

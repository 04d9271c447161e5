package dev.descent.train;

import dev.descent.DescentException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/** One run's {@link EarlyStopping} counters: the best value, the epochs since, the best parameters. */
final class EarlyStopper {
    private final EarlyStopping rule;
    private final Map<String, INDArray> params;
    private final boolean higher;
    private double best;
    private long bestEpoch = -1;
    private int wait;
    private @Nullable Map<String, INDArray> bestParams;

    EarlyStopper(EarlyStopping rule, Map<String, INDArray> params) {
        this.rule = rule;
        this.params = params;
        this.higher = rule.higherIsBetter();
        this.best = higher ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /** Takes an epoch's values; returns a reason to stop (the best parameters already restored if asked) or null. */
    @Nullable String epochEnded(EpochRecord e) {
        double value = value(e);
        boolean improved = higher ? value > best + rule.minDelta() : value < best - rule.minDelta();
        if (improved) {
            best = value;
            bestEpoch = e.epoch();
            wait = 0;
            if (rule.restoreBestWeights()) {
                copyParams();
            }
            return null;
        }
        wait++;
        if (wait < rule.patience()) { // Keras's test: patience 0 and 1 both stop at the first epoch without improvement
            return null;
        }
        String restored = "";
        Map<String, INDArray> saved = bestParams;
        if (saved != null) {
            saved.forEach((k, v) -> params.get(k).assign(v));
            restored = "; parameters of epoch " + bestEpoch + " restored";
        }
        return "early stopping: " + rule.monitor() + " did not improve by more than " + rule.minDelta() + " for "
                + wait + " epoch" + (wait == 1 ? "" : "s") + " (best " + best + " at epoch " + bestEpoch + ")" + restored;
    }

    private double value(EpochRecord e) {
        if (rule.monitor().equals("loss")) {
            return e.meanLoss();
        }
        Double v = e.metrics().get(rule.monitor());
        if (v == null) {
            TreeSet<String> names = new TreeSet<>(e.metrics().keySet());
            names.add("loss");
            throw new DescentException("Early stopping monitors '" + rule.monitor() + "', but epoch " + e.epoch()
                    + " recorded only " + names + ". Fix: monitor one of those; validation values are named val_<metric>"
                    + " and need validation data (validation(data) or validationSplit(f)) and the metric in metrics(...).");
        }
        return v;
    }

    private void copyParams() {
        Map<String, INDArray> saved = bestParams;
        if (saved == null) {
            saved = new LinkedHashMap<>();
            for (Map.Entry<String, INDArray> p : params.entrySet()) {
                saved.put(p.getKey(), p.getValue().dup());
            }
            bestParams = saved;
        } else {
            for (Map.Entry<String, INDArray> p : params.entrySet()) {
                saved.get(p.getKey()).assign(p.getValue());
            }
        }
    }
}

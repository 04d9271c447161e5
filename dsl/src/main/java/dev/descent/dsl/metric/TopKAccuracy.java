package dev.descent.dsl.metric;

import dev.descent.DescentException;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Top-k accuracy over class scores [N, k] and class indices [N] (or one-hot targets [N, k]). */
final class TopKAccuracy implements Metric {
    private final int k;

    TopKAccuracy(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("Invalid k for top-k accuracy: " + k + " (k must be >= 1, e.g. 5)");
        }
        this.k = k;
    }

    @Override
    public String name() {
        return k == 1 ? "accuracy" : "top" + k + "_accuracy";
    }

    @Override
    public double compute(INDArray predictions, INDArray targets) {
        if (predictions.rank() != 2) {
            throw new DescentException(name() + " needs class scores of shape [N, classes], got "
                    + Arrays.toString(predictions.shape()));
        }
        long n = predictions.size(0);
        int classes = (int) predictions.size(1);
        int[] labels = labels(targets, n, classes);
        // one row-major copy read as a flat array: toFloatMatrix() would copy row by row
        float[] scores = predictions.castTo(DataType.FLOAT).dup('c').data().asFloat();
        long hits = 0;
        for (int i = 0; i < n; i++) {
            int row = i * classes;
            float target = scores[row + labels[i]];
            int higher = 0;
            for (int c = 0; c < classes; c++) {
                // ties count against the target, so a constant prediction is not "correct"
                float score = scores[row + c];
                if (score > target || (score == target && c < labels[i])) {
                    higher++;
                }
            }
            if (higher < k) {
                hits++;
            }
        }
        return (double) hits / n;
    }

    private int[] labels(INDArray targets, long n, int classes) {
        INDArray t = targets;
        if (t.rank() == 2 && t.size(1) == classes && classes > 1) {
            t = t.argMax(1);
        }
        if (t.length() != n) {
            throw new DescentException(name() + ": " + n + " predictions but " + t.length()
                    + " targets (shape " + Arrays.toString(targets.shape()) + "); they must match one to one");
        }
        double[] raw = t.castTo(DataType.DOUBLE).reshape(n).toDoubleVector();
        int[] out = new int[(int) n];
        for (int i = 0; i < n; i++) {
            int c = (int) raw[i];
            if (c != raw[i] || c < 0 || c >= classes) {
                throw new DescentException(name() + ": target " + raw[i] + " at row " + i
                        + " is not a class index in 0.." + (classes - 1));
            }
            out[i] = c;
        }
        return out;
    }
}

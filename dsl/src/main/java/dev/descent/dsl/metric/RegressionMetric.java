package dev.descent.dsl.metric;

import dev.descent.DescentException;
import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** MAE, RMSE and R², computed in double precision. */
final class RegressionMetric implements Metric {
    enum Kind { MAE, RMSE, R2 }

    private final Kind kind;

    RegressionMetric(Kind kind) {
        this.kind = kind;
    }

    @Override
    public String name() {
        return kind.name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public double compute(INDArray predictions, INDArray targets) {
        if (predictions.length() != targets.length()) {
            throw new DescentException(name() + ": predictions " + Arrays.toString(predictions.shape()) + " and targets "
                    + Arrays.toString(targets.shape()) + " hold different numbers of values");
        }
        double[] p = predictions.castTo(DataType.DOUBLE).dup().data().asDouble();
        double[] t = targets.castTo(DataType.DOUBLE).dup().data().asDouble();
        double abs = 0;
        double sq = 0;
        double mean = 0;
        for (int i = 0; i < p.length; i++) {
            double d = p[i] - t[i];
            abs += Math.abs(d);
            sq += d * d;
            mean += t[i];
        }
        mean /= t.length;
        switch (kind) {
            case MAE:
                return abs / p.length;
            case RMSE:
                return Math.sqrt(sq / p.length);
            default:
                double tot = 0;
                for (double v : t) {
                    tot += (v - mean) * (v - mean);
                }
                return tot == 0 ? (sq == 0 ? 1.0 : Double.NEGATIVE_INFINITY) : 1 - sq / tot;
        }
    }
}

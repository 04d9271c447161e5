package dev.descent.dsl.metric;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A metric over a whole evaluation set. Predictions are what the model outputs (logits or
 * probabilities [N, k] for classifiers, values [N, m] for regressors); targets are class indices
 * [N] for classifiers or values of the predictions' shape for regressors.
 *
 * <pre>{@code
 * Map<String, Double> m = model.evaluate(test, Metric.accuracy(), Metric.topK(3));
 * }</pre>
 */
public interface Metric {

    /** The key in results and histories, e.g. {@code "accuracy"}. */
    String name();

    /** Computes the metric; larger is better unless the name says error. */
    double compute(INDArray predictions, INDArray targets);

    /** Fraction of samples whose highest-scoring class equals the target class index. */
    static Metric accuracy() {
        return new TopKAccuracy(1);
    }

    /** Fraction of samples whose target class is among the {@code k} highest scores. */
    static Metric topK(int k) {
        return new TopKAccuracy(k);
    }

    /** Mean absolute error. */
    static Metric mae() {
        return new RegressionMetric(RegressionMetric.Kind.MAE);
    }

    /** Root mean squared error. */
    static Metric rmse() {
        return new RegressionMetric(RegressionMetric.Kind.RMSE);
    }

    /** Coefficient of determination, 1 - SS_res / SS_tot (over all output columns together). */
    static Metric r2() {
        return new RegressionMetric(RegressionMetric.Kind.R2);
    }
}

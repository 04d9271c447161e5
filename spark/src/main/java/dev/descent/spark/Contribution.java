package dev.descent.spark;

import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * Partial sums of one or more partitions for one step: gradient sums (double, to keep the cross-
 * partition summation from adding float error), loss sum, sample count, and task timings.
 * {@link OrderedSum} adds them in partition order.
 */
final class Contribution implements Serializable {
    private static final long serialVersionUID = 1L;

    double @Nullable [][] gradSums;
    double lossSum;
    long count;
    int tasks;
    int busyTasks;
    long maxFetchNanos;
    long maxComputeNanos;

    static Contribution empty() {
        return new Contribution();
    }

    static Contribution merge(Contribution a, Contribution b) {
        if (a.gradSums == null) {
            a.gradSums = b.gradSums;
        } else if (b.gradSums != null) {
            for (int p = 0; p < a.gradSums.length; p++) {
                double[] x = a.gradSums[p];
                double[] y = b.gradSums[p];
                for (int i = 0; i < x.length; i++) {
                    x[i] += y[i];
                }
            }
        }
        a.lossSum += b.lossSum;
        a.count += b.count;
        a.tasks += b.tasks;
        a.busyTasks += b.busyTasks;
        a.maxFetchNanos = Math.max(a.maxFetchNanos, b.maxFetchNanos);
        a.maxComputeNanos = Math.max(a.maxComputeNanos, b.maxComputeNanos);
        return a;
    }
}

package dev.descent.data;

import dev.descent.DescentException;

/**
 * Per-feature means of the present values, for {@link Missing#FILL_MEAN}: summed in double in row
 * order, rounded once to float, so the in-memory and the file-backed load fill the same bits.
 */
final class ColumnMeans {

    private final double[] sum;
    private final long[] count;

    ColumnMeans(int columns) {
        this.sum = new double[columns];
        this.count = new long[columns];
    }

    /** Adds a present value (NaN, a missing one, is not counted). */
    void add(int column, float value) {
        if (!Float.isNaN(value)) {
            sum[column] += value;
            count[column]++;
        }
    }

    /**
     * The fill value of every feature (NaN for a column without any value; {@link #fill} rejects it).
     */
    float[] means() {
        float[] out = new float[sum.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = (float) (sum[k] / count[k]); // 0.0 / 0 is NaN
        }
        return out;
    }

    /**
     * Replaces NaN in {@code data[from, from + length)}, a stretch of row-major {@code [rows, columns]}
     * data whose first value is element {@code firstElement} of the whole, with the column means.
     */
    static void fill(float[] data, int from, int length, long firstElement, float[] means, String source, CsvColumns columns) {
        int d = means.length;
        for (int i = from; i < from + length; i++) {
            if (Float.isNaN(data[i])) {
                int k = (int) ((firstElement + i - from) % d);
                if (Float.isNaN(means[k])) {
                    throw new DescentException(source + ": feature column " + columns.describe(columns.features()[k])
                            + " has no value at all, so its mean cannot fill it; skip the column");
                }
                data[i] = means[k];
            }
        }
    }
}

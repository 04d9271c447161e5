package dev.descent.data;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-column standardization {@code (x - mean) / std}, fitted on training data only and then applied
 * unchanged to validation and test data (fitting on all data would leak their statistics into
 * training). Like scikit-learn's {@code StandardScaler}: population standard deviation (divide by N),
 * statistics computed in double precision, and a constant column gets std 1 instead of 0 so the result
 * is 0 rather than NaN.
 *
 * <pre>{@code
 * Standardizer st = Standardizer.fit(split.train().array("x"));
 * INDArray xTrain = st.transform(split.train().array("x"));
 * INDArray xVal = st.transform(split.validation().array("x"));
 * }</pre>
 */
public final class Standardizer {

    private final INDArray mean;
    private final INDArray std;

    private Standardizer(INDArray mean, INDArray std) {
        this.mean = mean;
        this.std = std;
    }

    /**
     * Fits per-column mean and standard deviation of {@code x} of shape {@code [N, d]}.
     *
     * @throws IllegalArgumentException if {@code x} is not rank 2 with at least one row, or not floating point
     */
    public static Standardizer fit(INDArray x) {
        checkMatrix(x, "x");
        if (x.size(0) < 1) {
            throw new IllegalArgumentException("Cannot fit a Standardizer on 0 rows (x has shape " + Arrays.toString(x.shape()) + ")");
        }
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray m = xd.mean(0);
        INDArray s = xd.std(false, 0);
        for (long j = 0; j < s.length(); j++) {
            double v = s.getDouble(j);
            if (v == 0.0 || !Double.isFinite(v)) {
                s.putScalar(j, 1.0);
            }
        }
        return new Standardizer(m.castTo(x.dataType()).reshape(x.size(1)), s.castTo(x.dataType()).reshape(x.size(1)));
    }

    /**
     * {@code (x - mean) / std} per column, as a new array of {@code x}'s dtype; {@code x} is unchanged.
     *
     * @throws IllegalArgumentException if {@code x} is not {@code [M, d]} with the fitted {@code d}
     */
    public INDArray transform(INDArray x) {
        checkMatrix(x, "x");
        if (x.size(1) != mean.length()) {
            throw new IllegalArgumentException("x has " + x.size(1) + " columns (shape " + Arrays.toString(x.shape())
                    + ") but this Standardizer was fitted on " + mean.length() + " columns");
        }
        return x.dup('c').subiRowVector(mean.castTo(x.dataType())).diviRowVector(std.castTo(x.dataType()));
    }

    /** Per-column means, shape {@code [d]} (a copy). */
    public INDArray mean() {
        return mean.dup();
    }

    /** Per-column standard deviations (population; 0 replaced by 1), shape {@code [d]} (a copy). */
    public INDArray std() {
        return std.dup();
    }

    private static void checkMatrix(INDArray x, String name) {
        if (x.rank() != 2) {
            throw new IllegalArgumentException(name + " must have rank 2 [N, d], got shape " + Arrays.toString(x.shape())
                    + " (reshape a single feature to [N, 1])");
        }
        if (!x.dataType().isFPType()) {
            throw new IllegalArgumentException(name + " must be floating point, got dtype " + x.dataType()
                    + " (cast with x.castTo(DataType.FLOAT))");
        }
    }

    @Override
    public String toString() {
        return "Standardizer[mean=" + mean + ", std=" + std + "]";
    }
}

package dev.descent.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One in-memory CSV load: all rows of {@link CsvRecords} into the {@code "x"} and {@code "y"} arrays. */
final class CsvLoad {

    private CsvLoad() {
    }

    /** The most elements a Java array (and so one array of the dataset) can have. */
    static final int MAX_VALUES = Integer.MAX_VALUE - 8;

    static Dataset read(CsvRecords rows, String source, CsvOptions options) {
        return read(rows, source, options, MAX_VALUES);
    }

    /** As {@link #read(CsvRecords, String, CsvOptions)}, failing when {@code x} or {@code y} would pass {@code maxValues} elements. */
    static Dataset read(CsvRecords rows, String source, CsvOptions options, int maxValues) {
        CsvColumns cols = rows.columns();
        int d = cols.features().length;
        int m = cols.target().length;
        float[] f = new float[d];
        float[] t = new float[m];
        float[] xs = new float[16 * d];
        float[] ts = new float[16 * m];
        int n = 0;
        while (rows.next(f, t)) {
            if ((long) (n + 1) * Math.max(d, m) > maxValues) {
                throw new dev.descent.DescentException(source + ": line " + rows.line() + ": more than " + maxValues
                        + " values in one array (" + d + " features, " + m + " targets per row); too large to load in memory,"
                        + " import it as a file-backed dataset (./descent data import)");
            }
            xs = room(xs, (n + 1) * d, maxValues);
            ts = room(ts, (n + 1) * m, maxValues);
            System.arraycopy(f, 0, xs, n * d, d);
            System.arraycopy(t, 0, ts, n * m, m);
            n++;
        }
        if (options.missing() == Missing.FILL_MEAN) {
            ColumnMeans.fill(xs, 0, n * d, 0, rows.means().means(), source, cols);
        }
        INDArray x = Nd4j.create(Arrays.copyOf(xs, n * d), new long[] {n, d}, 'c');
        Map<String, ClassLabels> labels = new LinkedHashMap<>();
        INDArray y;
        if (options.encoding() == Csv.LabelEncoding.REGRESSION) {
            y = Nd4j.create(Arrays.copyOf(ts, n * m), new long[] {n, m}, 'c');
        } else {
            LabelTable.Resolved r = rows.labels().resolve();
            int w = r.width(options.encoding());
            if ((long) n * w > maxValues) {
                throw new dev.descent.DescentException(source + ": y one-hot encoded would hold " + n + " rows × " + w
                        + " classes = " + (long) n * w + " values, more than " + maxValues + " in one array;"
                        + " use classIndex() (one value per row) instead");
            }
            float[] ys = new float[n * w];
            for (int i = 0; i < n; i++) {
                r.encode((int) ts[i], options.encoding(), ys, i * w);
            }
            y = options.encoding() == Csv.LabelEncoding.ONE_HOT ? Nd4j.create(ys, new long[] {n, w}, 'c')
                    : Nd4j.create(ys, new long[] {n}, 'c');
            if (r.labels() != null) {
                labels.put("y", r.labels());
            }
        }
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("x", x);
        arrays.put("y", y);
        return new ArrayDataset(arrays, labels);
    }

    /** {@code a} if {@code needed} values fit, else a copy of twice its length (at most {@code max}). */
    private static float[] room(float[] a, int needed, int max) {
        return needed > a.length ? Arrays.copyOf(a, (int) Math.min(max, 2L * a.length)) : a;
    }
}

package dev.descent.dsl.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A classifier's confusion matrix: {@code count(t, p)} samples of true class {@code t} were
 * predicted as {@code p}. Drawn as a heat map with the counts in the cells; hovering a cell shows
 * its share of the true class.
 *
 * <pre>{@code
 * ConfusionMatrix cm = ConfusionMatrix.fromLogits("Held-out digits", model.predict(x), y);
 * ConfusionMatrix named = ConfusionMatrix.of("Iris", actual, predicted, 3)
 *         .withLabels(List.of("setosa", "versicolor", "virginica"));
 * }</pre>
 */
public final class ConfusionMatrix implements Section {
    private final String title;
    private final String caption;
    private final List<String> labels;
    private final long[][] counts;

    private ConfusionMatrix(String title, String caption, List<String> labels, long[][] counts) {
        this.title = Objects.requireNonNull(title, "title");
        this.caption = Objects.requireNonNull(caption, "caption");
        this.labels = List.copyOf(labels);
        this.counts = counts;
    }

    /**
     * From counts: {@code counts[t][p]} samples of true class {@code t} predicted as {@code p}; a
     * square, non-negative table of at least one class. Classes are labelled 0, 1, 2, ...
     */
    public static ConfusionMatrix of(String title, long[][] counts) {
        Objects.requireNonNull(counts, "counts");
        int n = counts.length;
        if (n == 0) {
            throw new IllegalArgumentException("A confusion matrix needs at least one class; got an empty table");
        }
        long[][] copy = new long[n][];
        for (int t = 0; t < n; t++) {
            if (counts[t] == null || counts[t].length != n) {
                throw new IllegalArgumentException("A confusion matrix is square: row " + t + " has "
                        + (counts[t] == null ? "no" : counts[t].length) + " cells, expected " + n);
            }
            copy[t] = counts[t].clone();
            for (long c : copy[t]) {
                if (c < 0) {
                    throw new IllegalArgumentException("Confusion counts must be >= 0, got " + c + " in row " + t);
                }
            }
        }
        return new ConfusionMatrix(title, "", defaultLabels(n), copy);
    }

    /**
     * Counts pairs of true and predicted classes, both in {@code 0..classes-1}.
     *
     * @throws IllegalArgumentException if the arrays differ in length or hold a class out of range
     */
    public static ConfusionMatrix of(String title, int[] actual, int[] predicted, int classes) {
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(predicted, "predicted");
        if (classes < 1) {
            throw new IllegalArgumentException("classes must be >= 1, got " + classes);
        }
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("Confusion matrix '" + title + "': " + actual.length + " true classes but "
                    + predicted.length + " predictions; pass one prediction per sample");
        }
        long[][] counts = new long[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            counts[checkClass(actual[i], classes, "true class", i)][checkClass(predicted[i], classes, "prediction", i)]++;
        }
        return new ConfusionMatrix(title, "", defaultLabels(classes), counts);
    }

    /**
     * From a classifier's outputs {@code [n, classes]} (logits or probabilities; the prediction is the
     * largest) and the true classes, as indices ({@code [n]} or {@code [n, 1]}) or one-hot rows
     * ({@code [n, classes]}).
     */
    public static ConfusionMatrix fromLogits(String title, INDArray logits, INDArray labels) {
        Objects.requireNonNull(logits, "logits");
        Objects.requireNonNull(labels, "labels");
        if (logits.rank() != 2 || logits.columns() < 1) {
            throw new IllegalArgumentException("Confusion matrix '" + title + "': logits must be [samples, classes], got "
                    + java.util.Arrays.toString(logits.shape()));
        }
        int classes = (int) logits.columns();
        int n = (int) logits.rows();
        int[] predicted = logits.argMax(1).toIntVector();
        int[] actual;
        if (labels.rank() == 2 && labels.columns() == classes && classes > 1) {
            actual = labels.argMax(1).toIntVector();
        } else if (labels.length() == n && (labels.rank() == 1 || labels.rank() == 2 && labels.columns() == 1)) {
            double[] v = labels.reshape(n).toDoubleVector();
            actual = new int[n];
            for (int i = 0; i < n; i++) {
                if (v[i] != Math.rint(v[i])) {
                    throw new IllegalArgumentException("Confusion matrix '" + title + "': label " + i + " is " + v[i]
                            + ", not a class index");
                }
                actual[i] = (int) v[i];
            }
        } else {
            throw new IllegalArgumentException("Confusion matrix '" + title + "': labels of shape "
                    + java.util.Arrays.toString(labels.shape()) + " do not fit logits of shape "
                    + java.util.Arrays.toString(logits.shape()) + "; pass class indices [" + n + "] or one-hot rows [" + n
                    + ", " + classes + "]");
        }
        return of(title, actual, predicted, classes);
    }

    private static int checkClass(int c, int classes, String what, int sample) {
        if (c < 0 || c >= classes) {
            throw new IllegalArgumentException("Sample " + sample + ": " + what + " " + c + " is outside 0.." + (classes - 1));
        }
        return c;
    }

    private static List<String> defaultLabels(int n) {
        List<String> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(Integer.toString(i));
        }
        return l;
    }

    /** The same counts with class names (one per class, in class order). */
    public ConfusionMatrix withLabels(List<String> names) {
        Objects.requireNonNull(names, "names");
        if (names.size() != counts.length) {
            throw new IllegalArgumentException("Confusion matrix '" + title + "' has " + counts.length + " classes but "
                    + names.size() + " labels were given");
        }
        return new ConfusionMatrix(title, caption, names, counts);
    }

    /** The same counts with a sentence under the title. */
    public ConfusionMatrix withCaption(String text) {
        return new ConfusionMatrix(title, text, labels, counts);
    }

    public String title() {
        return title;
    }

    public String caption() {
        return caption;
    }

    public List<String> labels() {
        return labels;
    }

    public int classes() {
        return counts.length;
    }

    /** Samples of true class {@code actual} predicted as {@code predicted}. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /** All samples counted. */
    public long total() {
        long s = 0;
        for (long[] row : counts) {
            for (long c : row) {
                s += c;
            }
        }
        return s;
    }

    /** Samples on the diagonal: predicted right. */
    public long correct() {
        long s = 0;
        for (int i = 0; i < counts.length; i++) {
            s += counts[i][i];
        }
        return s;
    }

    /** The share predicted right (NaN when nothing was counted). */
    public double accuracy() {
        long total = total();
        return total == 0 ? Double.NaN : (double) correct() / total;
    }
}

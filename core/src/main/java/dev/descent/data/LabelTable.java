package dev.descent.data;

import dev.descent.DescentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The distinct values of a class target column, in first-seen order while streaming (so a row can be
 * written before all classes are known), resolved at the end into class indices: the values
 * themselves if all are class indices {@code 0, 1, 2...}, else the sorted names ({@link ClassLabels}).
 */
final class LabelTable {

    /** More distinct labels than this is not a class column (and would grow without bound). */
    static final int MAX_CLASSES = 1 << 16;
    /** Class indices are stored as floats, which hold integers exactly only up to 2^24. */
    private static final float MAX_CLASS = 1 << 24;

    private final String source;
    private final String column;
    private final CsvOptions options;
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> values = new ArrayList<>();
    private final List<Long> firstLines = new ArrayList<>();

    LabelTable(String source, String column, CsvOptions options) {
        this.source = source;
        this.column = column;
        this.options = options;
    }

    /** The first-seen id of {@code text}, found on line {@code line}. */
    float id(String text, long line) {
        Integer id = ids.get(text);
        if (id == null) {
            if (values.size() == MAX_CLASSES) {
                throw new DescentException(source + ": line " + line + ", column " + column + ": more than " + MAX_CLASSES
                        + " distinct class labels; is this a class column? (use regression() for numeric targets)");
            }
            id = values.size();
            ids.put(text, id);
            values.add(text);
            firstLines.add(line);
        }
        return id;
    }

    /**
     * Class indices by first-seen id, and the names when the labels are names.
     *
     * @throws DescentException if numeric labels are not class indices, or exceed {@code oneHot(k)}
     */
    Resolved resolve() {
        int n = values.size();
        float[] index = new float[n];
        // a plain decimal beyond float range is numeric too, and then no class index
        boolean numeric = values.stream().noneMatch(s -> Double.isNaN(CsvNumbers.parse(s)));
        if (numeric) {
            int k = 0;
            for (int id = 0; id < n; id++) {
                float v = (float) CsvNumbers.parse(values.get(id));
                if (v < 0 || v != Math.rint(v) || v >= MAX_CLASS) {
                    throw error(id, "class label is not a class index 0, 1, 2, ... (encode classes as integers from 0, or as names):");
                }
                if (options.numClasses() > 0 && v >= options.numClasses()) {
                    throw error(id, "class label is outside [0, " + options.numClasses() + ") for oneHot(" + options.numClasses() + "):");
                }
                index[id] = v;
                k = Math.max(k, (int) v + 1);
            }
            return new Resolved(index, null, options.numClasses() > 0 ? options.numClasses() : k);
        }
        String[] sorted = values.toArray(new String[0]);
        Arrays.sort(sorted);
        for (int id = 0; id < n; id++) {
            index[id] = Arrays.binarySearch(sorted, values.get(id));
        }
        List<String> order = Arrays.asList(sorted);
        if (options.numClasses() > 0 && n > options.numClasses()) {
            throw new DescentException(source + ", column " + column + ": " + n + " classes " + order + " but oneHot("
                    + options.numClasses() + "); use oneHot() to infer the count or oneHot(" + n + ")");
        }
        return new Resolved(index, new ClassLabels(order), options.numClasses() > 0 ? options.numClasses() : n);
    }

    private DescentException error(int id, String what) {
        return new DescentException(source + ": line " + firstLines.get(id) + ", column " + column + ": " + what + " \""
                + values.get(id) + "\"");
    }

    /**
     * @param index class index of each first-seen id
     * @param labels the class names, or null when the labels were class indices already
     * @param numClasses the number of classes ({@code oneHot}'s width)
     */
    record Resolved(float[] index, @Nullable ClassLabels labels, int numClasses) {

        /** Values per row of {@code y}: 1 for class indices, {@code numClasses} one-hot. */
        int width(Csv.LabelEncoding encoding) {
            return encoding == Csv.LabelEncoding.ONE_HOT ? numClasses : 1;
        }

        /** Writes the {@code y} row of first-seen id {@code id} at {@code out[offset...]}. */
        void encode(int id, Csv.LabelEncoding encoding, float[] out, int offset) {
            if (encoding == Csv.LabelEncoding.ONE_HOT) {
                java.util.Arrays.fill(out, offset, offset + numClasses, 0f);
                out[offset + (int) index[id]] = 1f;
            } else {
                out[offset] = index[id];
            }
        }
    }
}

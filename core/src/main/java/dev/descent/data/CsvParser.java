package dev.descent.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import dev.descent.DescentException;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One CSV load: tokenizes lines, checks every value and builds the {@code x} and {@code y} arrays. */
final class CsvParser {

    /** Class indices are stored as floats, which hold integers exactly only up to 2^24. */
    private static final int MAX_CLASS = 1 << 24;

    private final String source;
    private final boolean header;
    private final char delimiter;
    private final @Nullable List<String> labelNames;
    private final int @Nullable [] labelIndices;
    private final Csv.LabelEncoding encoding;
    private final int numClasses;

    private String @Nullable [] columnNames;
    private int columns = -1;
    private boolean[] isLabel = new boolean[0];
    private int[] labelCols = new int[0];

    CsvParser(String source, boolean header, char delimiter, @Nullable List<String> labelNames, int @Nullable [] labelIndices,
            Csv.LabelEncoding encoding, int numClasses) {
        this.source = source;
        this.header = header;
        this.delimiter = delimiter;
        this.labelNames = labelNames;
        this.labelIndices = labelIndices;
        this.encoding = encoding;
        this.numClasses = numClasses;
    }

    Dataset parse(Reader reader) throws IOException {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<float[]> features = new ArrayList<>();
        List<float[]> labels = new ArrayList<>();
        int lineNo = 0;
        boolean sawContent = false;
        String line;
        while ((line = in.readLine()) != null) {
            lineNo++;
            if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line = line.substring(1); // UTF-8 byte order mark
            }
            if (line.isBlank()) {
                continue;
            }
            List<String> fields = split(line, lineNo);
            if (!sawContent) {
                sawContent = true;
                columns = fields.size();
                if (header) {
                    columnNames = fields.toArray(new String[0]);
                    resolveLabels(lineNo);
                    continue;
                }
                resolveLabels(lineNo);
            }
            if (fields.size() != columns) {
                throw new DescentException(source + ": line " + lineNo + " has " + fields.size() + " columns but "
                        + (header ? "the header has " : "the first row has ") + columns
                        + "; check for a missing or extra delimiter '" + delimiter + "'");
            }
            float[] x = new float[columns - labelCols.length];
            float[] y = new float[labelCols.length];
            int xi = 0;
            for (int c = 0; c < columns; c++) {
                if (!isLabel[c]) {
                    x[xi++] = number(fields.get(c), lineNo, c);
                }
            }
            for (int k = 0; k < labelCols.length; k++) {
                int c = labelCols[k];
                y[k] = encoding == Csv.LabelEncoding.REGRESSION ? number(fields.get(c), lineNo, c) : classIndex(fields.get(c), lineNo, c);
            }
            features.add(x);
            labels.add(y);
        }
        if (!sawContent) {
            throw new DescentException(source + " is empty (no lines with content); expected "
                    + (header ? "a header line followed by " : "") + "data rows");
        }
        if (features.isEmpty()) {
            throw new DescentException(source + " has a header but no data rows");
        }
        return build(features, labels);
    }

    private void resolveLabels(int lineNo) {
        int[] cols;
        if (labelNames != null) {
            if (columnNames == null) {
                throw new IllegalArgumentException("Label columns were given by name " + labelNames
                        + " but header(false) is set; use labelColumnIndices(...) or header(true)");
            }
            cols = new int[labelNames.size()];
            for (int k = 0; k < cols.length; k++) {
                cols[k] = Arrays.asList(columnNames).indexOf(labelNames.get(k));
                if (cols[k] < 0) {
                    throw new IllegalArgumentException("Label column \"" + labelNames.get(k) + "\" not found in " + source
                            + "; the header (line " + lineNo + ") has " + Arrays.toString(columnNames));
                }
            }
        } else if (labelIndices != null) {
            cols = labelIndices.clone();
            for (int c : cols) {
                if (c >= columns) {
                    throw new IllegalArgumentException("Label column index " + c + " is out of range: " + source
                            + " has " + columns + " columns (indices 0.." + (columns - 1) + ")");
                }
            }
        } else {
            cols = new int[] {columns - 1};
        }
        isLabel = new boolean[columns];
        for (int c : cols) {
            if (isLabel[c]) {
                throw new IllegalArgumentException("Label column " + describeColumn(c) + " is given twice");
            }
            isLabel[c] = true;
        }
        if (encoding != Csv.LabelEncoding.REGRESSION && cols.length != 1) {
            throw new IllegalArgumentException(encoding + " labels need exactly one label column, got " + cols.length
                    + "; use regression() for several label columns");
        }
        if (cols.length >= columns) {
            throw new IllegalArgumentException(source + " has " + columns + " columns, all of them labels; at least one feature column is needed");
        }
        labelCols = cols;
    }

    private String describeColumn(int c) {
        return (c + 1) + (columnNames != null ? " (\"" + columnNames[c] + "\")" : "");
    }

    private DescentException malformed(String what, String text, int lineNo, int c) {
        return new DescentException(source + ": line " + lineNo + ", column " + describeColumn(c) + ": " + what
                + " \"" + text + "\"");
    }

    private float number(String text, int lineNo, int c) {
        if (text.isEmpty()) {
            throw malformed("empty value (missing values are not supported; fill or drop the row)", text, lineNo, c);
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            // Stricter than Float.parseFloat, which also takes "1f", "0x1p3", "NaN" and "Infinity".
            if (!((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' || ch == 'E')) {
                throw malformed("malformed number", text, lineNo, c);
            }
        }
        double v;
        try {
            v = Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw malformed("malformed number", text, lineNo, c);
        }
        float f = (float) v;
        if (Float.isInfinite(f)) {
            throw malformed("number out of float range", text, lineNo, c);
        }
        return f;
    }

    private float classIndex(String text, int lineNo, int c) {
        float v = number(text, lineNo, c);
        if (v < 0 || v != Math.rint(v) || v >= MAX_CLASS) {
            throw malformed("class label is not a class index 0, 1, 2, ... (encode classes as integers from 0):", text, lineNo, c);
        }
        if (numClasses > 0 && v >= numClasses) {
            throw malformed("class label is outside [0, " + numClasses + ") for oneHot(" + numClasses + "):", text, lineNo, c);
        }
        return v;
    }

    private Dataset build(List<float[]> features, List<float[]> labels) {
        int n = features.size();
        int d = features.get(0).length;
        float[] xs = new float[n * d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(features.get(i), 0, xs, i * d, d);
        }
        INDArray x = Nd4j.create(xs, new long[] {n, d}, 'c');
        INDArray y;
        switch (encoding) {
            case REGRESSION -> {
                int m = labelCols.length;
                float[] ys = new float[n * m];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(labels.get(i), 0, ys, i * m, m);
                }
                y = Nd4j.create(ys, new long[] {n, m}, 'c');
            }
            case CLASS_INDEX -> {
                float[] ys = new float[n];
                for (int i = 0; i < n; i++) {
                    ys[i] = labels.get(i)[0];
                }
                y = Nd4j.create(ys, new long[] {n}, 'c');
            }
            default -> {
                int k = numClasses;
                if (k == 0) {
                    for (float[] l : labels) {
                        k = Math.max(k, (int) l[0] + 1);
                    }
                }
                float[] ys = new float[n * k];
                for (int i = 0; i < n; i++) {
                    ys[i * k + (int) labels.get(i)[0]] = 1f;
                }
                y = Nd4j.create(ys, new long[] {n, k}, 'c');
            }
        }
        return Dataset.of("x", x, "y", y);
    }

    /** Splits one line into trimmed fields, honouring double quotes. */
    private List<String> split(String line, int lineNo) {
        List<String> fields = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean inQuotes = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (inQuotes) {
                if (ch == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        inQuotes = false;
                    }
                } else {
                    cur.append(ch);
                }
            } else if (ch == delimiter) {
                fields.add(cur.toString().trim());
                cur.setLength(0);
            } else if (ch == '"' && cur.toString().isBlank()) {
                cur.setLength(0);
                inQuotes = true;
            } else {
                cur.append(ch);
            }
        }
        if (inQuotes) {
            throw new DescentException(source + ": line " + lineNo + " has an unterminated quoted field (quoted fields must be on one line)");
        }
        fields.add(cur.toString().trim());
        return fields;
    }
}

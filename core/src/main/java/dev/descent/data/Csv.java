package dev.descent.data;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import dev.descent.DescentException;
import org.jspecify.annotations.Nullable;

/**
 * Loads a delimited text file into a {@link Dataset} with a float feature array {@code "x"} of shape
 * {@code [N, d]} (every non-label column) and a float label array {@code "y"}:
 * <ul>
 *   <li>{@link Builder#regression()} (default): the label columns as floats, shape {@code [N, m]}
 *       ({@code [N, 1]} for one column, matching a model output of one unit);</li>
 *   <li>{@link Builder#classIndex()}: one column of class indices {@code 0..k-1}, shape {@code [N]};</li>
 *   <li>{@link Builder#oneHot(int)} / {@link Builder#oneHot()}: that column one-hot encoded, shape
 *       {@code [N, k]}, with {@code k} given or inferred as the largest class index + 1.</li>
 * </ul>
 * The label is the last column unless chosen by name or 0-based index. Blank lines are skipped;
 * fields may be double-quoted ({@code ""} escapes a quote) and are trimmed. A malformed value fails
 * with a {@link DescentException} naming the 1-based line and column and the offending text.
 *
 * <pre>{@code
 * Dataset iris = Csv.builder().path("iris.csv").labelColumns("species").oneHot(3).read();
 * }</pre>
 */
public final class Csv {

    private Csv() {
    }

    /** A builder with a header line, comma delimiter, last column as a regression label. */
    public static Builder builder() {
        return new Builder();
    }

    /** How the label column(s) become the {@code "y"} array. */
    public enum LabelEncoding {
        /** Label columns as floats, {@code [N, m]}. */
        REGRESSION,
        /** One column of non-negative integer class indices, as floats {@code [N]}. */
        CLASS_INDEX,
        /** One column of class indices, one-hot encoded as floats {@code [N, k]}. */
        ONE_HOT
    }

    /** Configures and runs a CSV load. Not thread-safe; {@code read} can be called repeatedly. */
    public static final class Builder {
        private @Nullable Path path;
        private boolean header = true;
        private char delimiter = ',';
        private String @Nullable [] labelNames;
        private int @Nullable [] labelIndices;
        private LabelEncoding encoding = LabelEncoding.REGRESSION;
        private int numClasses; // 0: infer

        private Builder() {
        }

        /** The file to read (UTF-8). */
        public Builder path(Path path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /** The file to read (UTF-8). */
        public Builder path(String path) {
            return path(Path.of(path));
        }

        /** Whether the first non-blank line holds column names (default true). */
        public Builder header(boolean header) {
            this.header = header;
            return this;
        }

        /** The field separator (default {@code ','}); e.g. {@code ';'} or {@code '\t'}. */
        public Builder delimiter(char delimiter) {
            if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
                throw new IllegalArgumentException("Invalid delimiter: " + (int) delimiter
                        + " (delimiter must not be a quote or line break; e.g. ',', ';' or '\\t')");
            }
            this.delimiter = delimiter;
            return this;
        }

        /** The label column(s) by header name (needs {@code header(true)}). */
        public Builder labelColumns(String... names) {
            if (names.length == 0) {
                throw new IllegalArgumentException("labelColumns needs at least one column name");
            }
            this.labelNames = names.clone();
            this.labelIndices = null;
            return this;
        }

        /** The label column(s) by 0-based index. */
        public Builder labelColumnIndices(int... indices) {
            if (indices.length == 0) {
                throw new IllegalArgumentException("labelColumnIndices needs at least one index");
            }
            for (int i : indices) {
                if (i < 0) {
                    throw new IllegalArgumentException("Invalid label column index: " + i + " (indices are 0-based and must be >= 0)");
                }
            }
            this.labelIndices = indices.clone();
            this.labelNames = null;
            return this;
        }

        /** Labels as floats, {@code y} of shape {@code [N, m]} (the default). */
        public Builder regression() {
            this.encoding = LabelEncoding.REGRESSION;
            this.numClasses = 0;
            return this;
        }

        /** One label column of class indices {@code 0..k-1}; {@code y} is float {@code [N]}. */
        public Builder classIndex() {
            this.encoding = LabelEncoding.CLASS_INDEX;
            this.numClasses = 0;
            return this;
        }

        /** One label column one-hot encoded, with {@code k} = largest class index + 1; {@code y} is float {@code [N, k]}. */
        public Builder oneHot() {
            this.encoding = LabelEncoding.ONE_HOT;
            this.numClasses = 0;
            return this;
        }

        /**
         * One label column one-hot encoded into {@code numClasses} columns; a class index outside
         * {@code [0, numClasses)} is an error.
         */
        public Builder oneHot(int numClasses) {
            if (numClasses < 1) {
                throw new IllegalArgumentException("Invalid numClasses: " + numClasses + " (numClasses must be >= 1, e.g. 3)");
            }
            this.encoding = LabelEncoding.ONE_HOT;
            this.numClasses = numClasses;
            return this;
        }

        /**
         * Reads the file given by {@link #path}.
         *
         * @throws DescentException if the file cannot be read, is empty, has no data rows, or holds a
         *     malformed or ragged row
         */
        public Dataset read() {
            Path p = path;
            if (p == null) {
                throw new IllegalStateException("No CSV path set; call path(...) first or use read(Reader)");
            }
            try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                return parse(r, p.toString());
            } catch (IOException e) {
                throw new DescentException("Cannot read CSV file " + p + ": " + e.getMessage(), e);
            }
        }

        /** Reads CSV text from {@code reader} (not closed here). */
        public Dataset read(Reader reader) {
            try {
                return parse(reader, "<reader>");
            } catch (IOException e) {
                throw new DescentException("Cannot read CSV input: " + e.getMessage(), e);
            }
        }

        private Dataset parse(Reader reader, String source) throws IOException {
            return new CsvParser(source, header, delimiter,
                    labelNames == null ? null : Arrays.asList(labelNames),
                    labelIndices, encoding, numClasses).parse(reader);
        }
    }
}

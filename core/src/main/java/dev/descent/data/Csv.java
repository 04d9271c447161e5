package dev.descent.data;

import java.io.Reader;
import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Loads a CSV file into a {@link Dataset} in memory: a float feature array {@code "x"} of shape
 * {@code [N, d]} and a float target array {@code "y"}:
 * <ul>
 *   <li>{@link Builder#regression()} (default): the target columns as floats, shape {@code [N, m]}
 *       ({@code [N, 1]} for one column, matching a model output of one unit);</li>
 *   <li>{@link Builder#classIndex()}: one column of classes as indices {@code 0..k-1}, shape {@code [N]};</li>
 *   <li>{@link Builder#oneHot(int)} / {@link Builder#oneHot()}: that column one-hot encoded, shape
 *       {@code [N, k]}, with {@code k} given or inferred.</li>
 * </ul>
 * Classes given as names ({@code "setosa"}) become indices in sorted name order, and the dataset
 * keeps the names ({@link Dataset#classLabels()}; a model trained on it stores them, so it can answer
 * with names). Parsing is Apache Commons CSV's (RFC 4180): quoted fields may hold the delimiter,
 * line breaks and {@code ""} (one quote); CRLF or LF line ends; a UTF-8 byte order mark is
 * skipped; a {@code .gz} file (by name or content) is decompressed. Blank lines are skipped and
 * fields are trimmed. A malformed or missing value, or a row whose width differs from the header's,
 * fails with a {@link dev.descent.DescentException} naming the 1-based line (and column) and the
 * text; see {@link CsvOptions} for choosing columns and {@link Missing} for missing values.
 *
 * <pre>{@code
 * Dataset iris = Csv.builder().path("iris.csv").target("species").classIndex().read();
 * Dataset big = Csv.read(Path.of("data.csv.gz"), CsvOptions.defaults().skip("id").missing(Missing.FILL_MEAN));
 * }</pre>
 *
 * Data larger than memory: import the file once with {@link DatasetFiles#importCsv} (or
 * {@code ./descent data import}) and train from {@link Dataset#open}.
 */
public final class Csv {

    private Csv() {
    }

    /** A builder with {@link CsvOptions#defaults()}: a header line, comma delimiter, last column as a regression target. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads {@code path} (UTF-8, gzip by name or content) with {@code options}.
     *
     * @throws dev.descent.DescentException if the file cannot be read, is empty, has no data rows, or
     *     holds a malformed, missing or ragged row
     */
    public static Dataset read(Path path, CsvOptions options) {
        try (CsvRecords rows = CsvRecords.open(path, options)) {
            return CsvLoad.read(rows, path.toString(), options);
        }
    }

    /** Reads CSV text from {@code reader} (not closed here) with {@code options}. */
    public static Dataset read(Reader reader, CsvOptions options) {
        CsvRecords rows = CsvRecords.of(reader, "<reader>", options);
        return CsvLoad.read(rows, "<reader>", options);
    }

    /** How the target column(s) become the {@code "y"} array. */
    public enum LabelEncoding {
        /** Target columns as floats, {@code [N, m]}. */
        REGRESSION,
        /** One column of classes (indices or names), as float indices {@code [N]}. */
        CLASS_INDEX,
        /** One column of classes (indices or names), one-hot encoded as floats {@code [N, k]}. */
        ONE_HOT
    }

    /**
     * Configures and runs a CSV load: a mutable front over an immutable {@link CsvOptions} (which
     * validates every setting). Not thread-safe; {@code read} can be called repeatedly.
     */
    public static final class Builder {
        private @Nullable Path path;
        private CsvOptions options = CsvOptions.defaults();

        private Builder() {
        }

        /** The file to read (UTF-8; gzip if its name ends in {@code .gz} or its content is gzip). */
        public Builder path(Path path) {
            this.path = Objects.requireNonNull(path, "path");
            return this;
        }

        /** The file to read. */
        public Builder path(String path) {
            return path(Path.of(path));
        }

        /** All settings at once (replacing those made so far). */
        public Builder options(CsvOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** The settings made so far. */
        public CsvOptions options() {
            return options;
        }

        /** Whether the first non-blank line holds column names (default true). */
        public Builder header(boolean header) {
            options = options.header(header);
            return this;
        }

        /** The field separator (default {@code ','}); e.g. {@code ';'} or {@code '\t'}. */
        public Builder delimiter(char delimiter) {
            options = options.delimiter(delimiter);
            return this;
        }

        /** The target column by header name. */
        public Builder target(String name) {
            options = options.target(name);
            return this;
        }

        /** The target column(s) by header name (needs {@code header(true)}). */
        public Builder labelColumns(String... names) {
            options = options.target(names);
            return this;
        }

        /** The target column(s) by 0-based index. */
        public Builder labelColumnIndices(int... indices) {
            options = options.targetIndices(indices);
            return this;
        }

        /** The feature columns by name, in this order (default: every column but target and skipped ones). */
        public Builder features(String... names) {
            options = options.features(names);
            return this;
        }

        /** The feature columns whose whole header name matches this regular expression. */
        public Builder featuresMatching(String regex) {
            options = options.featuresMatching(regex);
            return this;
        }

        /** The feature columns whose header name matches this glob ({@code *}, {@code ?}), e.g. {@code "px_*"}. */
        public Builder featuresGlob(String glob) {
            options = options.featuresGlob(glob);
            return this;
        }

        /** Columns (by name) to leave out unparsed, e.g. ids or free text. */
        public Builder skipColumns(String... names) {
            options = options.skip(names);
            return this;
        }

        /** What a missing value does (default {@link Missing#ERROR}). */
        public Builder missing(Missing missing) {
            options = options.missing(missing);
            return this;
        }

        /** Cell texts that mean "missing" besides the empty cell, e.g. {@code "NA"}. */
        public Builder missingMarkers(String... markers) {
            options = options.missingMarkers(markers);
            return this;
        }

        /** Targets as floats, {@code y} of shape {@code [N, m]} (the default). */
        public Builder regression() {
            options = options.regression();
            return this;
        }

        /** One target column of classes (indices or names); {@code y} holds indices, float {@code [N]}. */
        public Builder classIndex() {
            options = options.classIndex();
            return this;
        }

        /** One target column of classes, one-hot encoded with {@code k} inferred; {@code y} is float {@code [N, k]}. */
        public Builder oneHot() {
            options = options.oneHot();
            return this;
        }

        /**
         * One target column of classes one-hot encoded into {@code numClasses} columns; a class index
         * outside {@code [0, numClasses)} (or more names than that) is an error.
         */
        public Builder oneHot(int numClasses) {
            options = options.oneHot(numClasses);
            return this;
        }

        /**
         * Reads the file given by {@link #path}.
         *
         * @throws dev.descent.DescentException if the file cannot be read, is empty, has no data rows,
         *     or holds a malformed, missing or ragged row
         */
        public Dataset read() {
            Path p = path;
            if (p == null) {
                throw new IllegalStateException("No CSV path set; call path(...) first or use read(Reader)");
            }
            return Csv.read(p, options);
        }

        /** Reads CSV text from {@code reader} (not closed here). */
        public Dataset read(Reader reader) {
            return Csv.read(reader, options);
        }
    }
}

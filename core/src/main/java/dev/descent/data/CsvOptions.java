package dev.descent.data;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jspecify.annotations.Nullable;

/**
 * How a CSV file becomes a {@link Dataset}: one immutable, validated configuration, refined with
 * withers, shared by {@link Csv} (in memory) and {@link DatasetFiles#importCsv} (file-backed).
 *
 * <p>Columns: the <b>target</b> is the last column unless named ({@link #target}) or indexed
 * ({@link #targetIndices}); the <b>features</b> are every other column unless chosen by name
 * ({@link #features}, in the order given) or by a pattern over header names ({@link #featuresMatching}
 * for a regular expression, {@link #featuresGlob} for {@code *} and {@code ?}; matches in file
 * order). Columns named in {@link #skip} are never parsed, so they may hold text. Every used
 * column must hold plain decimal numbers ({@code 12}, {@code -0.5}, {@code 1e-3}; not {@code NaN},
 * {@code Infinity}, {@code 1f} or hex, which Java's parser would take), except a class target.
 *
 * <p>Class targets ({@link #classIndex()}, {@link #oneHot()}): if every value is a plain decimal
 * number, each must be a class index ({@code 0, 1, 2...}, also written {@code 2.0}; else an error)
 * and the values are the indices; otherwise the values are names, mapped to indices in sorted
 * order ({@link ClassLabels}), and the dataset keeps the mapping.
 *
 * <pre>{@code
 * CsvOptions o = CsvOptions.defaults().target("species").classIndex().skip("id").missing(Missing.DROP_ROW);
 * Dataset iris = Csv.read(Path.of("iris.csv"), o);
 * }</pre>
 *
 * @param delimiter field separator ({@code ','}); not a quote or line break
 * @param header whether the first non-blank line holds column names (true)
 * @param targetNames target column(s) by name; empty unless chosen by name
 * @param targetIndices target column(s) by 0-based index; empty unless chosen by index
 * @param encoding how the target becomes {@code "y"} ({@link Csv.LabelEncoding#REGRESSION})
 * @param numClasses classes of {@code oneHot(k)}; 0 to infer
 * @param featureNames feature columns by name, in this order; empty for all remaining columns
 * @param featurePattern a regular expression that whole feature names match; null for none
 * @param skipColumns columns by name that are neither parsed nor used
 * @param missing what a missing value does ({@link Missing#ERROR})
 * @param missingMarkers cell texts (after trimming) that mean "missing"; the empty cell is always one
 */
public record CsvOptions(char delimiter, boolean header, List<String> targetNames, List<Integer> targetIndices,
        Csv.LabelEncoding encoding, int numClasses, List<String> featureNames, @Nullable String featurePattern,
        List<String> skipColumns, Missing missing, List<String> missingMarkers) {

    public CsvOptions {
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("Invalid delimiter: " + (int) delimiter
                    + " (delimiter must not be a quote or line break; e.g. ',', ';' or '\\t')");
        }
        targetNames = List.copyOf(targetNames);
        targetIndices = List.copyOf(targetIndices);
        featureNames = List.copyOf(featureNames);
        skipColumns = List.copyOf(skipColumns);
        missingMarkers = List.copyOf(missingMarkers);
        if (!targetNames.isEmpty() && !targetIndices.isEmpty()) {
            throw new IllegalArgumentException("The target is given both by name " + targetNames + " and by index "
                    + targetIndices + "; choose one");
        }
        for (int i : targetIndices) {
            if (i < 0) {
                throw new IllegalArgumentException("Invalid label column index: " + i
                        + " (indices are 0-based and must be >= 0: 0 is the first column)");
            }
        }
        if (numClasses < 0) {
            throw new IllegalArgumentException("Invalid numClasses: " + numClasses
                    + " (numClasses must be >= 0: 0 infers the number of classes, k > 0 one-hot encodes into k columns)");
        }
        if (!featureNames.isEmpty() && featurePattern != null) {
            throw new IllegalArgumentException("Features are given both by name " + featureNames + " and by pattern \""
                    + featurePattern + "\"; choose one");
        }
        if (featurePattern != null) {
            try {
                Pattern.compile(featurePattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("Invalid feature pattern \"" + featurePattern + "\": " + e.getDescription()
                        + " (a Java regular expression that whole column names match, e.g. \"px_\\\\d+\")", e);
            }
        }
        distinct("target", targetNames);
        distinct("feature", featureNames);
        distinct("skipped", skipColumns);
        Set<String> usedAndSkipped = new HashSet<>(skipColumns);
        usedAndSkipped.retainAll(new HashSet<>(concat(targetNames, featureNames)));
        if (!usedAndSkipped.isEmpty()) {
            throw new IllegalArgumentException("Columns " + usedAndSkipped + " are both skipped and used as target or feature; remove them from skip(...)");
        }
        Set<String> both = new HashSet<>(targetNames);
        both.retainAll(new HashSet<>(featureNames));
        if (!both.isEmpty()) {
            throw new IllegalArgumentException("Columns " + both + " are both target and feature; a target cannot be a feature");
        }
    }

    /** A header line, comma delimiter, last column as a regression target, all other columns as features, missing values an error. */
    public static CsvOptions defaults() {
        return new CsvOptions(',', true, List.of(), List.of(), Csv.LabelEncoding.REGRESSION, 0, List.of(), null,
                List.of(), Missing.ERROR, List.of());
    }

    /** A copy with this field separator, e.g. {@code ';'} or {@code '\t'}. */
    public CsvOptions delimiter(char delimiter) {
        return new CsvOptions(delimiter, header, targetNames, targetIndices, encoding, numClasses, featureNames,
                featurePattern, skipColumns, missing, missingMarkers);
    }

    /** A copy with ({@code true}) or without a header line. */
    public CsvOptions header(boolean header) {
        return new CsvOptions(delimiter, header, targetNames, targetIndices, encoding, numClasses, featureNames,
                featurePattern, skipColumns, missing, missingMarkers);
    }

    /** A copy whose target is the column(s) with these header names. */
    public CsvOptions target(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("target(...) needs at least one column name (got none), e.g. target(\"species\")");
        }
        return new CsvOptions(delimiter, header, List.of(names), List.of(), encoding, numClasses, featureNames,
                featurePattern, skipColumns, missing, missingMarkers);
    }

    /** A copy whose target is the column(s) at these 0-based indices. */
    public CsvOptions targetIndices(int... indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("targetIndices(...) needs at least one column index (got none), e.g. targetIndices(0)");
        }
        List<Integer> list = new ArrayList<>();
        for (int i : indices) {
            list.add(i);
        }
        return new CsvOptions(delimiter, header, List.of(), list, encoding, numClasses, featureNames,
                featurePattern, skipColumns, missing, missingMarkers);
    }

    /** A copy with float targets, {@code y} of shape {@code [N, m]}. */
    public CsvOptions regression() {
        return encoding(Csv.LabelEncoding.REGRESSION, 0);
    }

    /** A copy with one class target column; {@code y} holds class indices as float {@code [N]}. */
    public CsvOptions classIndex() {
        return encoding(Csv.LabelEncoding.CLASS_INDEX, 0);
    }

    /** A copy with one class target column one-hot encoded, {@code y} float {@code [N, k]}, {@code k} inferred. */
    public CsvOptions oneHot() {
        return encoding(Csv.LabelEncoding.ONE_HOT, 0);
    }

    /** As {@link #oneHot()} with {@code k = numClasses}; a class outside {@code [0, k)} is an error. */
    public CsvOptions oneHot(int numClasses) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("Invalid numClasses: " + numClasses + " (numClasses must be >= 1, e.g. 3)");
        }
        return encoding(Csv.LabelEncoding.ONE_HOT, numClasses);
    }

    private CsvOptions encoding(Csv.LabelEncoding encoding, int numClasses) {
        return new CsvOptions(delimiter, header, targetNames, targetIndices, encoding, numClasses, featureNames,
                featurePattern, skipColumns, missing, missingMarkers);
    }

    /** A copy whose features are exactly these columns, in this order. */
    public CsvOptions features(String... names) {
        if (names.length == 0) {
            throw new IllegalArgumentException("features(...) needs at least one column name (got none); to use every other column, leave features out");
        }
        return new CsvOptions(delimiter, header, targetNames, targetIndices, encoding, numClasses, List.of(names),
                null, skipColumns, missing, missingMarkers);
    }

    /** A copy whose features are the columns whose whole name matches this regular expression, in file order. */
    public CsvOptions featuresMatching(String regex) {
        return new CsvOptions(delimiter, header, targetNames, targetIndices, encoding, numClasses, List.of(),
                regex, skipColumns, missing, missingMarkers);
    }

    /** A copy whose features are the columns whose name matches this glob ({@code *} any text, {@code ?} one character). */
    public CsvOptions featuresGlob(String glob) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return featuresMatching(re.toString());
    }

    /** A copy that skips these columns (by name): never parsed, so they may hold text such as ids or dates. */
    public CsvOptions skip(String... names) {
        return new CsvOptions(delimiter, header, targetNames, targetIndices, encoding, numClasses, featureNames,
                featurePattern, List.of(names), missing, missingMarkers);
    }

    /** A copy with this missing-value policy. */
    public CsvOptions missing(Missing missing) {
        return new CsvOptions(delimiter, header, targetNames, targetIndices, encoding, numClasses, featureNames,
                featurePattern, skipColumns, java.util.Objects.requireNonNull(missing, "missing"), missingMarkers);
    }

    /** A copy where these cell texts (besides the empty cell) mean "missing", e.g. {@code "NA"}, {@code "?"}. */
    public CsvOptions missingMarkers(String... markers) {
        return new CsvOptions(delimiter, header, targetNames, targetIndices, encoding, numClasses, featureNames,
                featurePattern, skipColumns, missing, List.of(markers));
    }

    private static void distinct(String what, List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            if (!seen.add(n)) {
                throw new IllegalArgumentException("The " + what + " column \"" + n + "\" is given twice in " + names + "; name each column once");
            }
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}

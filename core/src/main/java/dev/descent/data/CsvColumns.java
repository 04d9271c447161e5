package dev.descent.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Which columns of one CSV file are target, features or unused, resolved from {@link CsvOptions}
 * against the header (or the first row's width without one).
 *
 * @param names the header's names, or null without a header
 * @param width the number of columns every row must have
 * @param target target column indices
 * @param features feature column indices, in feature order
 */
record CsvColumns(String @Nullable [] names, int width, int[] target, int[] features) {

    static CsvColumns resolve(CsvOptions o, String @Nullable [] names, int width, String source, long headerLine) {
        boolean[] used = new boolean[width];
        for (String s : o.skipColumns()) {
            used[indexOf(names, s, "Skipped", source, headerLine)] = true;
        }
        int[] target;
        if (!o.targetNames().isEmpty()) {
            target = new int[o.targetNames().size()];
            for (int k = 0; k < target.length; k++) {
                target[k] = indexOf(names, o.targetNames().get(k), "Label", source, headerLine);
            }
        } else if (!o.targetIndices().isEmpty()) {
            target = o.targetIndices().stream().mapToInt(Integer::intValue).toArray();
            for (int c : target) {
                if (c >= width) {
                    throw new IllegalArgumentException("Label column index " + c + " is out of range: " + source
                            + " has " + width + " columns (indices 0.." + (width - 1) + ")");
                }
            }
        } else {
            target = new int[] {width - 1};
        }
        for (int c : target) {
            if (used[c]) {
                throw new IllegalArgumentException("Label column " + describe(names, c) + " is given twice or also skipped;"
                        + " give each column once, and not both as target and in skip(...)");
            }
            used[c] = true;
        }
        if (o.encoding() != Csv.LabelEncoding.REGRESSION && target.length != 1) {
            throw new IllegalArgumentException(o.encoding() + " labels need exactly one label column, got " + target.length
                    + "; use regression() for several label columns");
        }
        List<Integer> features = new ArrayList<>();
        if (!o.featureNames().isEmpty()) {
            for (String f : o.featureNames()) {
                int c = indexOf(names, f, "Feature", source, headerLine);
                if (used[c]) {
                    throw new IllegalArgumentException("Feature column \"" + f + "\" is also the target or skipped; leave it out of features(...)");
                }
                used[c] = true;
                features.add(c);
            }
        } else {
            Pattern p = o.featurePattern() == null ? null : Pattern.compile(o.featurePattern());
            if (p != null && names == null) {
                throw new IllegalArgumentException("Features are chosen by the pattern \"" + p + "\", but header(false) is set, so "
                        + source + " has no column names; use header(true), or leave the pattern out to use every other column");
            }
            for (int c = 0; c < width; c++) {
                if (!used[c] && (p == null || p.matcher(names[c]).matches())) {
                    features.add(c);
                }
            }
            if (features.isEmpty() && p != null) {
                throw new IllegalArgumentException("No column of " + source + " matches the feature pattern \"" + p
                        + "\"; the header (line " + headerLine + ") has " + Arrays.toString(names));
            }
        }
        if (features.isEmpty()) {
            throw new IllegalArgumentException(source + " has " + width + " columns, all of them labels or skipped;"
                    + " at least one feature column is needed");
        }
        return new CsvColumns(names, width, target, features.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The names of the feature columns ({@code "column 3"} and so on without a header). */
    List<String> featureNames() {
        return namesOf(features);
    }

    /** The names of the target columns. */
    List<String> targetNames() {
        return namesOf(target);
    }

    private List<String> namesOf(int[] cols) {
        List<String> out = new ArrayList<>();
        for (int c : cols) {
            out.add(names == null ? "column " + (c + 1) : names[c]);
        }
        return out;
    }

    /** {@code 3 ("species")}: the 1-based column number and its name. */
    String describe(int c) {
        return describe(names, c);
    }

    private static String describe(String @Nullable [] names, int c) {
        return (c + 1) + (names != null ? " (\"" + names[c] + "\")" : "");
    }

    private static int indexOf(String @Nullable [] names, String name, String role, String source, long headerLine) {
        if (names == null) {
            throw new IllegalArgumentException(role + " column \"" + name + "\" is given by name, but header(false) is set, so "
                    + source + " has no column names; use header(true), or give the target by index (labelColumnIndices(...))");
        }
        int c = Arrays.asList(names).indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException(role + " column \"" + name + "\" not found in " + source
                    + "; the header (line " + headerLine + ") has " + Arrays.toString(names));
        }
        return c;
    }
}

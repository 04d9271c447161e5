package dev.descent.data;

/**
 * What a CSV load does with a missing value (an empty cell, or one of
 * {@link CsvOptions#missingMarkers()}) in a column it uses.
 */
public enum Missing {
    /** Fail with the line and column of the first missing value (the default). */
    ERROR,
    /** Drop every row with a missing value in a feature or target column (skipped columns do not count). */
    DROP_ROW,
    /**
     * Fill a missing feature with the mean of that column's present values in the same file,
     * computed in double precision in row order and rounded once to float. A missing target is
     * still an error (there is nothing to learn from a guessed label). Fill test data with the
     * training file's means by importing or reading them together, or drop those rows.
     */
    FILL_MEAN
}

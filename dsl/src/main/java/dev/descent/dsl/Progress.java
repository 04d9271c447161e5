package dev.descent.dsl;

/** How training shows progress. */
public enum Progress {
    /** A bar on an interactive terminal, clean lines elsewhere (CI, pipes); on stderr. */
    AUTO,
    /** One line per interval on stderr, never carriage returns. */
    LINES,
    /** Nothing: for services and embedding. */
    QUIET
}

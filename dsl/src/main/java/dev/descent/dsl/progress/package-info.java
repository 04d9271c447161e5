/**
 * Progress output for long-running work such as training: a
 * {@link dev.descent.dsl.progress.ProgressReporter} that draws a live bar on an interactive
 * terminal, prints one plain line per interval when output goes to a log or CI, or stays silent.
 * Nothing here writes to standard output unless the caller hands it {@code System.out}.
 */
@NullMarked
package dev.descent.dsl.progress;

import org.jspecify.annotations.NullMarked;

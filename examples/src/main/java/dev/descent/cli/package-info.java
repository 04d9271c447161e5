/**
 * The {@code ./descent} command line: {@code demo}, {@code run}, {@code parity}, {@code bench},
 * {@code inspect}, {@code data import} and {@code info}, parsed with picocli.
 */
@NullMarked
package dev.descent.cli;

import org.jspecify.annotations.NullMarked;

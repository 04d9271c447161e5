/**
 * Runnable examples: the source material's seed steps, the {@code x² + y²} bowl, a line fit with
 * mini-batches, and the demo that compares GD, SGD and mini-batch side by side.
 */
@NullMarked
package dev.descent.examples;

import org.jspecify.annotations.NullMarked;

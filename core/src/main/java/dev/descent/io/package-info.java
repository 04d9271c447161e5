/**
 * File output that never leaves a half-written file behind: {@link dev.descent.io.AtomicFiles}
 * writes to a temporary sibling, forces it to disk and renames it over the target in one step.
 * Used for plots now and for model checkpoints later.
 */
@NullMarked
package dev.descent.io;

import org.jspecify.annotations.NullMarked;

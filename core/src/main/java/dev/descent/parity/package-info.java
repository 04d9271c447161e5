/**
 * Replay of PyTorch golden traces (the format of {@code golden/README.md}): each case's
 * model, loss, optimizer and batch order are rebuilt with our own types, trained through the
 * normal {@link dev.descent.train.Trainer}, and compared step by step with torch's values.
 */
@NullMarked
package dev.descent.parity;

import org.jspecify.annotations.NullMarked;

/**
 * Descent: torch-exact gradient descent over ND4J SameDiff graphs.
 *
 * <p>The root package holds the library-wide exception type and {@link dev.descent.ExecutionPath}
 * (whether Java code may touch native buffers: only on the CPU backend). Sub-packages: {@code graph} (our own
 * expression IR with build-time shape checking), {@code compile} (the only code that talks to
 * SameDiff), {@code optim} (update rules), {@code schedule} (learning-rate schedules),
 * {@code data} (data sets and batching), {@code train} (the training loop) and {@code parity}
 * (replay of PyTorch golden traces).
 */
@NullMarked
package dev.descent;

import org.jspecify.annotations.NullMarked;

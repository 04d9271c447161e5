/**
 * Thread-safe inference for services. A {@link dev.descent.serve.Predictor} serves one trained
 * model to many threads at once and can atomically swap in a retrained one: every request is
 * answered entirely by the old model or entirely by the new one, never a mix.
 */
@NullMarked
package dev.descent.serve;

import org.jspecify.annotations.NullMarked;

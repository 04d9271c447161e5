/**
 * Compilation of a {@link dev.descent.graph.ModelGraph} into one SameDiff graph (forward, loss and
 * gradients by SameDiff's autodiff), compiled once and reused every step. This is the only package
 * that imports SameDiff; everything else sees {@link dev.descent.compile.CompiledModel}.
 *
 * <p>Known SameDiff defects are routed around here: {@code matmul_bp} fails for an inner dimension
 * of 1 (a [1,1] weight at batch size 1), so such products are lowered to a broadcast multiply;
 * SameDiff's "Added differentiated op" lines on stdout are filtered; fed arrays are checked before
 * any native call, since native shape errors arrive with an empty message.
 *
 * <p>Training steps bypass SameDiff's InferenceSession where the gradient graph allows it
 * ({@code LeanExecutor}): the gradient function's ops run in a fixed order on arrays allocated once
 * per input shape, gradients land directly in the model's arrays, and a steady-state step allocates
 * no native memory. Graphs whose gradient holds control flow (SameDiff differentiates gather with a
 * while loop) keep the session path.
 */
@NullMarked
package dev.descent.compile;

import org.jspecify.annotations.NullMarked;

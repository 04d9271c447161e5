/**
 * Compilation of a {@link dev.descent.graph.ModelGraph} into one SameDiff graph (forward, loss and
 * gradients by SameDiff's autodiff), compiled once and reused every step. This is the only package
 * that imports SameDiff; everything else sees {@link dev.descent.compile.CompiledModel}.
 *
 * <p>Known SameDiff defects are routed around here (each found by the finite-difference or the
 * golden torch tests): {@code matmul_bp} fails for an inner dimension of 1 (a [1,1] weight at
 * batch size 1), so such products are lowered to a broadcast multiply; {@code gather}'s backprop
 * scatters to the wrong elements, so indexing is lowered to {@code slice}; max/min backprop does
 * not reduce a broadcast operand's gradient, so operands are broadcast by an add first;
 * {@code leakyrelu_bp} differs from torch at 0, so leaky ReLU is composed from relu;
 * log-softmax is composed from primitives (SameDiff's own cannot be differentiated with an axis
 * and returns -infinity for logits far apart); {@code conv2d_bp} ignores the weights format, so
 * torch's [out, in, kh, kw] weights are permuted to libnd4j's default; {@code avgpool2d_bp} always
 * divides by the window's cells inside the input, so torch's count-including-padding average is
 * that average times a constant; a mean over axis 0 of a [1, C] row vector is a failing "no-op"
 * in the session, so batch norm takes [batch, C] statistics over [batch, C, 1]. SameDiff's "Added differentiated op" lines on stdout
 * are filtered; fed arrays are checked before any native call, since native shape errors arrive
 * with an empty message.
 *
 * <p>Training steps bypass SameDiff's InferenceSession where the gradient graph allows it
 * ({@code LeanExecutor}): the gradient function's ops run in a fixed order ({@code OpOrder}; not
 * called a schedule, a word that here means learning-rate schedules) on arrays allocated once per
 * input shape ({@code LeanPlan}), gradients land directly in the model's arrays, and a steady-state
 * step allocates no native memory. A gradient graph holding control flow would keep the session
 * path (a safety net: nothing our lowering emits needs it today). Within such a plan, ops whose native kernels
 * cost far more than their arithmetic run as {@code StepKernel}s of ours ({@code StepKernels}: one
 * op each), and known op chains as fused kernels ({@code SquaredErrorFusion},
 * {@code LogSoftmaxFusion}, {@code CrossEntropyFusion}, found in the op order through
 * {@code SlotGraph}); each is checked against the native ops it replaces.
 */
@NullMarked
package dev.descent.compile;

import org.jspecify.annotations.NullMarked;

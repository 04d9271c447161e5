/**
 * Our own expression IR: parameters, inputs and operations over them, with shapes inferred and
 * checked while the expression is built (not at the first training step). Nothing here depends
 * on SameDiff; {@code dev.descent.compile} lowers these expressions to a SameDiff graph.
 * {@link dev.descent.graph.Ops} makes every node; {@link dev.descent.graph.ConvOps} the convolution
 * and pooling nodes over NCHW input ({@link dev.descent.graph.Window2d} their windows);
 * {@link dev.descent.graph.Functional} composes torch's batch norm, layer norm, embedding and GELU
 * from them. Buffers ({@code Ops.buffer}) are state that is not trained; a running statistic
 * ({@code Ops.runningStat}) is a batch's statistic in training steps and its buffer when evaluating.
 */
@NullMarked
package dev.descent.graph;

import org.jspecify.annotations.NullMarked;

/**
 * Update rules: how a parameter changes given its gradient. Batching (which samples form a step)
 * is the trainer's concern, not this package's.
 *
 * <p>An {@link dev.descent.optim.UpdateRule} is a small functional kernel with explicit per-parameter
 * {@link dev.descent.optim.ParamState}; {@link dev.descent.optim.Optimizer} is the stateful facade
 * (parameter groups, learning rates, state export). {@link dev.descent.optim.Sgd},
 * {@link dev.descent.optim.Adam}, {@link dev.descent.optim.AdamW}, {@link dev.descent.optim.RmsProp},
 * {@link dev.descent.optim.Adagrad} and {@link dev.descent.optim.Adadelta} have the exact semantics,
 * names and defaults of their {@code torch.optim} namesakes (torch 1.13); each class's Javadoc states
 * the algorithm and where ND4J and Keras differ. Each runs as one fused pass over host buffers on the
 * CPU backend and as in-place ND4J ops elsewhere. {@link dev.descent.optim.UpdateRules} creates
 * rules by name; built-in and third-party rules alike plug in through
 * {@link dev.descent.optim.UpdateRuleProvider} and {@link java.util.ServiceLoader}. {@link dev.descent.optim.GradientClipping} clips gradients
 * with torch's semantics before a step.
 */
@NullMarked
package dev.descent.optim;

import org.jspecify.annotations.NullMarked;

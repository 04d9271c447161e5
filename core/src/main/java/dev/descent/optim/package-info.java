/**
 * Update rules: how a parameter changes given its gradient. Batching (which samples form a step)
 * is the trainer's concern, not this package's.
 *
 * <p>An {@link dev.descent.optim.UpdateRule} is a small functional kernel with explicit per-parameter
 * {@link dev.descent.optim.ParamState}; {@link dev.descent.optim.Optimizer} is the stateful facade
 * (parameter groups, learning rates, state export). {@link dev.descent.optim.Sgd} has
 * {@code torch.optim.SGD}'s exact semantics; {@link dev.descent.optim.Nd4jRules} adapts ND4J's own
 * updaters (Adam, AdamW, AMSGrad, Nadam, RMSProp, AdaGrad, AdaDelta), each documenting ND4J's exact
 * rule and its differences from torch. {@link dev.descent.optim.UpdateRules} creates rules by name;
 * built-in and third-party rules alike plug in through {@link dev.descent.optim.UpdateRuleProvider}
 * and {@link java.util.ServiceLoader}. {@link dev.descent.optim.GradientClipping} clips gradients
 * with torch's semantics before a step.
 */
@NullMarked
package dev.descent.optim;

import org.jspecify.annotations.NullMarked;

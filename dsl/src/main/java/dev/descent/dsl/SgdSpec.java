package dev.descent.dsl;

import dev.descent.optim.Sgd;

/**
 * {@code torch.optim.SGD}'s options, fluently: {@code sgd(0.01).momentum(0.9).nesterov()}.
 * Immutable; every call returns a new spec. Built through the rule registry and validated there with
 * torch's rules (see {@link Sgd} for the exact update rule). {@code weightDecay} (an L2 penalty added
 * to the gradient, default 0) and {@code maximize} come from {@link TorchRuleSpec}.
 */
public final class SgdSpec extends TorchRuleSpec<SgdSpec> {
    SgdSpec(TorchKeywords kw) {
        super(kw, SgdSpec::new);
    }

    /** Momentum factor (torch {@code momentum}, default 0): {@code sgd(0.01).momentum(0.9)}. */
    public SgdSpec momentum(double value) {
        return set("momentum", value);
    }

    /** Dampening for momentum (torch {@code dampening}, default 0): {@code sgd(0.01).momentum(0.9).dampening(0.1)}. */
    public SgdSpec dampening(double value) {
        return set("dampening", value);
    }

    /** Nesterov momentum (needs momentum > 0 and dampening 0). */
    public SgdSpec nesterov() {
        return nesterov(true);
    }

    /** Nesterov momentum on or off: {@code sgd(0.01).momentum(0.9).nesterov(true)}. */
    public SgdSpec nesterov(boolean value) {
        return set("nesterov", value);
    }

    /** The validated rule; throws IllegalArgumentException (torch's message) for a setting torch would reject. */
    @Override
    public Sgd build() {
        return (Sgd) super.build(); // the registry's "sgd" is Sgd (SgdProvider)
    }
}

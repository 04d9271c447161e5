package dev.descent.dsl;

import dev.descent.optim.UpdateRule;

/**
 * {@code torch.optim.RMSprop}'s options, fluently: {@code rmsprop(0.01).alpha(0.9).momentum(0.9).centered()}.
 * Immutable; every call returns a new spec. Built through the rule registry and validated there with
 * torch's rules (see {@link dev.descent.optim.RmsProp} for the exact update rule).
 */
public final class RmsPropSpec implements OptimizerSpec {
    private final TorchKeywords kw;

    RmsPropSpec(TorchKeywords kw) {
        this.kw = kw;
    }

    /** Decay rate of the squared-gradient average (torch {@code alpha}, default 0.99). */
    public RmsPropSpec alpha(double value) {
        return new RmsPropSpec(kw.with("alpha", value));
    }

    /** Added to the root (torch {@code eps}, default 1e-8). */
    public RmsPropSpec eps(double value) {
        return new RmsPropSpec(kw.with("eps", value));
    }

    /** L2 penalty added to the gradient (torch {@code weight_decay}, default 0). */
    public RmsPropSpec weightDecay(double value) {
        return new RmsPropSpec(kw.with("weight_decay", value));
    }

    /** Momentum factor (torch {@code momentum}, default 0): {@code rmsprop(0.01).momentum(0.9)}. */
    public RmsPropSpec momentum(double value) {
        return new RmsPropSpec(kw.with("momentum", value));
    }

    /** The centered form: normalise by the gradient's estimated variance (torch {@code centered=True}). */
    public RmsPropSpec centered() {
        return new RmsPropSpec(kw.with("centered", true));
    }

    /** Gradient ascent: maximise the objective instead (torch {@code maximize=True}). */
    public RmsPropSpec maximize() {
        return new RmsPropSpec(kw.with("maximize", true));
    }

    /** The validated update rule; throws IllegalArgumentException (torch's message) for a setting torch would reject. */
    @Override
    public UpdateRule build() {
        return kw.build();
    }

    @Override
    public String toString() {
        return kw.toString();
    }
}

package dev.descent.dsl;

/**
 * {@code torch.optim.RMSprop}'s options, fluently: {@code rmsprop(0.01).alpha(0.9).momentum(0.9).centered()}.
 * Immutable; every call returns a new spec. Built through the rule registry and validated there with
 * torch's rules (see {@link dev.descent.optim.RmsProp} for the exact update rule). The options every rule has
 * ({@code eps}, default 1e-8 here; {@code weightDecay}, default 0; {@code maximize}) come from
 * {@link AdaptiveRuleSpec}.
 */
public final class RmsPropSpec extends AdaptiveRuleSpec<RmsPropSpec> {
    RmsPropSpec(TorchKeywords kw) {
        super(kw, RmsPropSpec::new);
    }

    /** The centered form: normalise by the gradient's estimated variance (torch {@code centered=True}). */
    public RmsPropSpec centered() {
        return set("centered", true);
    }

    /** Decay rate of the squared-gradient average (torch {@code alpha}, default 0.99). */
    public RmsPropSpec alpha(double value) {
        return set("alpha", value);
    }

    /** Momentum factor (torch {@code momentum}, default 0): {@code rmsprop(0.01).momentum(0.9)}. */
    public RmsPropSpec momentum(double value) {
        return set("momentum", value);
    }
}

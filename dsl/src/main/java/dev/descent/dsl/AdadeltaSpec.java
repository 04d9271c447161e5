package dev.descent.dsl;

/**
 * {@code torch.optim.Adadelta}'s options, fluently: {@code adadelta().rho(0.95).eps(1e-6)}. Immutable;
 * every call returns a new spec. Built through the rule registry and validated there with torch's
 * rules (see {@link dev.descent.optim.Adadelta} for the exact update rule).
 */
public final class AdadeltaSpec extends AdaptiveRuleSpec<AdadeltaSpec> {
    AdadeltaSpec(TorchKeywords kw) {
        super(kw, AdadeltaSpec::new);
    }

    /** Decay rate of the running averages (torch {@code rho}, default 0.9). */
    public AdadeltaSpec rho(double value) {
        return set("rho", value);
    }
}

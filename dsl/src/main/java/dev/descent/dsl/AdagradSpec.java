package dev.descent.dsl;

/**
 * {@code torch.optim.Adagrad}'s options, fluently: {@code adagrad(0.1).lrDecay(1e-3).initialAccumulatorValue(0.1)}.
 * Immutable; every call returns a new spec. Built through the rule registry and validated there with
 * torch's rules (see {@link dev.descent.optim.Adagrad} for the exact update rule). The options every rule has
 * ({@code eps}, default 1e-10 here; {@code weightDecay}, default 0; {@code maximize}) come from
 * {@link AdaptiveRuleSpec}.
 */
public final class AdagradSpec extends AdaptiveRuleSpec<AdagradSpec> {
    AdagradSpec(TorchKeywords kw) {
        super(kw, AdagradSpec::new);
    }

    /** Learning-rate decay per step, {@code lr / (1 + (t - 1) * lr_decay)} (torch {@code lr_decay}, default 0). */
    public AdagradSpec lrDecay(double value) {
        return set("lr_decay", value);
    }

    /** Starting value of the squared-gradient sum (torch {@code initial_accumulator_value}, default 0). */
    public AdagradSpec initialAccumulatorValue(double value) {
        return set("initial_accumulator_value", value);
    }
}

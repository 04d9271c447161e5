package dev.descent.dsl;

import dev.descent.optim.UpdateRule;

/**
 * {@code torch.optim.Adagrad}'s options, fluently: {@code adagrad(0.1).lrDecay(1e-3).initialAccumulatorValue(0.1)}.
 * Immutable; every call returns a new spec. Built through the rule registry and validated there with
 * torch's rules (see {@link dev.descent.optim.Adagrad} for the exact update rule).
 */
public final class AdagradSpec implements OptimizerSpec {
    private final TorchKeywords kw;

    AdagradSpec(TorchKeywords kw) {
        this.kw = kw;
    }

    /** Learning-rate decay per step, {@code lr / (1 + (t - 1) * lr_decay)} (torch {@code lr_decay}, default 0). */
    public AdagradSpec lrDecay(double value) {
        return new AdagradSpec(kw.with("lr_decay", value));
    }

    /** L2 penalty added to the gradient (torch {@code weight_decay}, default 0). */
    public AdagradSpec weightDecay(double value) {
        return new AdagradSpec(kw.with("weight_decay", value));
    }

    /** Starting value of the squared-gradient sum (torch {@code initial_accumulator_value}, default 0). */
    public AdagradSpec initialAccumulatorValue(double value) {
        return new AdagradSpec(kw.with("initial_accumulator_value", value));
    }

    /** Added to the root (torch {@code eps}, default 1e-10). */
    public AdagradSpec eps(double value) {
        return new AdagradSpec(kw.with("eps", value));
    }

    /** Gradient ascent: maximise the objective instead (torch {@code maximize=True}). */
    public AdagradSpec maximize() {
        return new AdagradSpec(kw.with("maximize", true));
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

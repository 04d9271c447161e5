package dev.descent.dsl;

import dev.descent.optim.UpdateRule;

/**
 * {@code torch.optim.Adadelta}'s options, fluently: {@code adadelta().rho(0.95).eps(1e-6)}. Immutable;
 * every call returns a new spec. Built through the rule registry and validated there with torch's
 * rules (see {@link dev.descent.optim.Adadelta} for the exact update rule).
 */
public final class AdadeltaSpec implements OptimizerSpec {
    private final TorchKeywords kw;

    AdadeltaSpec(TorchKeywords kw) {
        this.kw = kw;
    }

    /** Decay rate of the running averages (torch {@code rho}, default 0.9). */
    public AdadeltaSpec rho(double value) {
        return new AdadeltaSpec(kw.with("rho", value));
    }

    /** Added inside both roots (torch {@code eps}, default 1e-6). */
    public AdadeltaSpec eps(double value) {
        return new AdadeltaSpec(kw.with("eps", value));
    }

    /** L2 penalty added to the gradient (torch {@code weight_decay}, default 0). */
    public AdadeltaSpec weightDecay(double value) {
        return new AdadeltaSpec(kw.with("weight_decay", value));
    }

    /** Gradient ascent: maximise the objective instead (torch {@code maximize=True}). */
    public AdadeltaSpec maximize() {
        return new AdadeltaSpec(kw.with("maximize", true));
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

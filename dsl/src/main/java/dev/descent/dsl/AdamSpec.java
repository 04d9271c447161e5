package dev.descent.dsl;

import dev.descent.optim.UpdateRule;
import java.util.List;

/**
 * {@code torch.optim.Adam}'s or {@code AdamW}'s options, fluently: {@code adam(1e-3).betas(0.9, 0.99).amsgrad()},
 * {@code adamw(1e-3).weightDecay(0.05)}. Immutable; every call returns a new spec. Built through the
 * rule registry and validated there with torch's rules (see {@link dev.descent.optim.Adam} and
 * {@link dev.descent.optim.AdamW} for the exact update rules).
 */
public final class AdamSpec implements OptimizerSpec {
    private final TorchKeywords kw;

    AdamSpec(TorchKeywords kw) {
        this.kw = kw;
    }

    /** Decay rates of the moment averages (torch {@code betas}, default (0.9, 0.999)): {@code adam(1e-3).betas(0.9, 0.99)}. */
    public AdamSpec betas(double beta1, double beta2) {
        return new AdamSpec(kw.with("betas", List.of(beta1, beta2)));
    }

    /** Added to the bias-corrected root (torch {@code eps}, default 1e-8): {@code adam(1e-3).eps(1e-6)}. */
    public AdamSpec eps(double value) {
        return new AdamSpec(kw.with("eps", value));
    }

    /**
     * Weight decay (torch {@code weight_decay}): coupled L2 added to the gradient for Adam (default 0),
     * decoupled {@code p *= 1 - lr * wd} for AdamW (default 1e-2).
     */
    public AdamSpec weightDecay(double value) {
        return new AdamSpec(kw.with("weight_decay", value));
    }

    /** The AMSGrad variant: the running maximum of the second moment (torch {@code amsgrad=True}). */
    public AdamSpec amsgrad() {
        return amsgrad(true);
    }

    /** AMSGrad on or off (torch {@code amsgrad}, default false). */
    public AdamSpec amsgrad(boolean value) {
        return new AdamSpec(kw.with("amsgrad", value));
    }

    /** Gradient ascent: maximise the objective instead (torch {@code maximize=True}). */
    public AdamSpec maximize() {
        return new AdamSpec(kw.with("maximize", true));
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

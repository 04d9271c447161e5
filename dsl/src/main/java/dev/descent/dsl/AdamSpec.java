package dev.descent.dsl;

import java.util.List;

/**
 * {@code torch.optim.Adam}'s or {@code AdamW}'s options, fluently: {@code adam(1e-3).betas(0.9, 0.99).amsgrad()},
 * {@code adamw(1e-3).weightDecay(0.05)}. Immutable; every call returns a new spec. Built through the
 * rule registry and validated there with torch's rules (see {@link dev.descent.optim.Adam} and
 * {@link dev.descent.optim.AdamW} for the exact update rules).
 */
public final class AdamSpec extends AdaptiveRuleSpec<AdamSpec> {
    AdamSpec(TorchKeywords kw) {
        super(kw, AdamSpec::new);
    }

    /** Decay rates of the moment averages (torch {@code betas}, default (0.9, 0.999)): {@code adam(1e-3).betas(0.9, 0.99)}. */
    public AdamSpec betas(double beta1, double beta2) {
        return set("betas", List.of(beta1, beta2));
    }

    /**
     * Weight decay (torch {@code weight_decay}): coupled L2 added to the gradient for Adam (default 0),
     * decoupled {@code p *= 1 - lr * wd} for AdamW (default 1e-2).
     */
    public AdamSpec weightDecay(double value) {
        return set("weight_decay", value);
    }

    /** The AMSGrad variant: the running maximum of the second moment (torch {@code amsgrad=True}). */
    public AdamSpec amsgrad() {
        return amsgrad(true);
    }

    /** AMSGrad on or off (torch {@code amsgrad}, default false). */
    public AdamSpec amsgrad(boolean value) {
        return set("amsgrad", value);
    }
}

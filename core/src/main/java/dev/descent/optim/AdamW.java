package dev.descent.optim;

import java.util.Map;

/**
 * AdamW (Adam with decoupled weight decay, Loshchilov and Hutter) with exactly
 * {@code torch.optim.AdamW}'s semantics, names and defaults ({@code lr=1e-3, betas=(0.9, 0.999),
 * eps=1e-8, weight_decay=1e-2, amsgrad=False, maximize=False}); registered as {@code "adamw"}.
 *
 * <p>One step (torch 1.13, {@code _single_tensor_adamw}; {@code t} counts this parameter's steps
 * from 1):
 * <pre>
 *   g = maximize ? -g : g
 *   t = t + 1
 *   p = p * (1 - lr * weight_decay)                            (decoupled: first, and never in g)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g * g
 *   bc1 = 1 - beta1^t;  bc2 = 1 - beta2^t
 *   denom = sqrt(amsgrad ? (vmax = max(vmax, v)) : v) / sqrt(bc2) + eps
 *   p = p - (lr / bc1) * m / denom
 * </pre>
 * {@code lr} is the step's rate (a schedule's), in the decay too, as in torch. The state is
 * {@link Adam}'s: {@code exp_avg}, {@code exp_avg_sq}, {@code max_exp_avg_sq} and the step counter.
 *
 * <p>Where others differ: ND4J 1.0.0-M2.1 has no AdamW updater; DL4J reaches decoupled decay through
 * its {@code WeightDecay} regularisation around ND4J's epsilon-hat Adam (see {@link Adam}). Keras's
 * {@code AdamW} also decays first, but with the epsilon-hat Adam step and epsilon 1e-7, and its
 * default weight decay is 0.004, not 0.01. The original paper multiplies the decay by a schedule
 * multiplier, not by the learning rate.
 *
 * <pre>{@code
 * UpdateRule adamw = UpdateRules.create("adamw", Map.of("lr", 1e-3, "weight_decay", 0.05));
 * }</pre>
 */
public record AdamW(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
        boolean maximize) implements AdamFamily {

    /** Validates like torch (and also rejects NaN and infinities, which torch lets through). */
    public AdamW {
        AdamKernel.validate(lr, beta1, beta2, eps, weightDecay);
    }

    /** Torch's defaults (weight decay 1e-2) with learning rate {@code lr}. */
    public static AdamW of(double lr) {
        return new AdamW(lr, 0.9, 0.999, 1e-8, 1e-2, false, false);
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    public AdamW withOverrides(Map<String, Object> o) {
        return overridden(o, AdamW::new);
    }

    @Override
    public boolean decoupled() {
        return true;
    }

    /** Registers {@code "adamw"} with {@link UpdateRules} (torch's defaults, lr 1e-3), through {@code META-INF/services} like any plug-in. */
    public static final class Provider extends NamedRuleProvider {
        public Provider() {
            super(of(1e-3));
        }
    }
}

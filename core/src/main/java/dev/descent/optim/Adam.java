package dev.descent.optim;

import java.util.Map;

/**
 * Adam with exactly {@code torch.optim.Adam}'s semantics, names and defaults ({@code lr=1e-3,
 * betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, maximize=False}); registered as
 * {@code "adam"}.
 *
 * <p>For each parameter {@code p} with gradient {@code g}, one step does (torch 1.13,
 * {@code _single_tensor_adam}; {@code t} counts this parameter's steps from 1):
 * <pre>
 *   g = maximize ? -g : g
 *   t = t + 1
 *   if weight_decay != 0:  g = g + weight_decay * p            (coupled L2, as in torch's Adam)
 *   m = beta1 * m + (1 - beta1) * g                            (exp_avg)
 *   v = beta2 * v + (1 - beta2) * g * g                        (exp_avg_sq)
 *   bc1 = 1 - beta1^t;  bc2 = 1 - beta2^t                      (in double, like torch's Python floats)
 *   step_size = lr / bc1
 *   if amsgrad:  vmax = max(vmax, v);  denom = sqrt(vmax) / sqrt(bc2) + eps   (max_exp_avg_sq)
 *   else:        denom = sqrt(v) / sqrt(bc2) + eps
 *   p = p - step_size * m / denom
 * </pre>
 * {@code m}, {@code v} (and {@code vmax}) start at zero; the state holds them under torch's names and
 * {@link ParamState#step()} is {@code t}, so checkpoints resume bit-identically.
 *
 * <p>Where others differ: ND4J's {@code Adam} and {@code AMSGrad} updaters (libnd4j
 * {@code adam_updater}, {@code ams_grad_updater}) and Keras's {@code Adam} add epsilon to the
 * <em>uncorrected</em> root, {@code p -= lr * sqrt(bc2) / bc1 * m / (sqrt(v) + eps)} (the "epsilon
 * hat" form of Kingma and Ba, section 2), which acts like torch's {@code eps * sqrt(bc2)}: slightly
 * larger steps while {@code v} is small; their AMSGrad keeps the same running maximum of the raw
 * {@code v} as torch. Keras's default epsilon is 1e-7, not 1e-8. ND4J's updaters have no
 * {@code maximize} and no weight decay of their own (DL4J adds L2 or weight decay as a separate
 * regularisation step), and Keras's {@code weight_decay} is AdamW's decoupled decay, not this
 * coupled L2. See {@link AdamW} for the decoupled variant.
 *
 * <p>The update runs as one fused pass over host buffers on the CPU backend ({@code FusedPass}, no
 * per-step allocation) and as in-place ND4J ops elsewhere; both agree with torch to float rounding.
 *
 * <pre>{@code
 * UpdateRule adam = UpdateRules.create("adam", Map.of("lr", 1e-3, "betas", List.of(0.9, 0.99), "amsgrad", true));
 * }</pre>
 */
public record Adam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad,
        boolean maximize) implements AdamFamily {

    /** Validates like torch (and also rejects NaN and infinities, which torch lets through). */
    public Adam {
        AdamKernel.validate(lr, beta1, beta2, eps, weightDecay);
    }

    /** Torch's defaults with learning rate {@code lr}. */
    public static Adam of(double lr) {
        return new Adam(lr, 0.9, 0.999, 1e-8, 0, false, false);
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public Adam withOverrides(Map<String, Object> o) {
        return overridden(o, Adam::new);
    }

    @Override
    public boolean decoupled() {
        return false;
    }

    /** Registers {@code "adam"} with {@link UpdateRules} (torch's defaults, lr 1e-3), through {@code META-INF/services} like any plug-in. */
    public static final class Provider extends NamedRuleProvider {
        public Provider() {
            super(of(1e-3));
        }
    }
}

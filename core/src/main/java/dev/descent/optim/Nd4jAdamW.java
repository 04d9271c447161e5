package dev.descent.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * AdamW: torch's decoupled weight decay wrapped around ND4J's Adam kernel (ND4J 1.0.0-M2.1 has no
 * AdamW); torch's names and defaults ({@code lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
 * weight_decay=1e-2}); registered as {@code "adamw"}.
 *
 * <p>The exact rule, with {@code t} the 1-based step:
 * <pre>
 *   p = p * (1 - lr * weight_decay)                          (decoupled, before the Adam step, as torch.optim.AdamW)
 *   g = maximize ? -grad : grad
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   p = p - lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)
 * </pre>
 *
 * <p>The decay is torch's exactly ({@code lr} is the step's scheduled rate, as in torch). The Adam
 * part differs from torch only in epsilon placement, as described on {@link Nd4jAdam}.
 *
 * <pre>{@code
 * UpdateRule adamw = Nd4jAdamW.fromTorch(Map.of("lr", 1e-3, "weight_decay", 0.05));
 * }</pre>
 */
public record Nd4jAdamW(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize)
        implements AdamFamily {

    /** Validates like torch (and also rejects NaN and infinities). */
    public Nd4jAdamW {
        AdamFamily.validate(lr, beta1, beta2, eps, weightDecay);
    }

    /** Torch's defaults ({@code weight_decay=1e-2}) with learning rate {@code lr}. */
    public static Nd4jAdamW of(double lr) {
        return new Nd4jAdamW(lr, 0.9, 0.999, 1e-8, 1e-2, false);
    }

    /** From torch keyword arguments: {@code lr, betas (or beta1/beta2), eps, weight_decay, maximize}. */
    public static Nd4jAdamW fromTorch(Map<String, Object> kwargs) {
        return of(1e-3).withOverrides(kwargs);
    }

    @Override
    public String name() {
        return "adamw";
    }

    @Override
    public Nd4jAdamW withOverrides(Map<String, Object> o) {
        Hyper.onlyKnown(name(), o, AdamFamily.KEYS);
        TorchArgs.unsupported(name(), o, "amsgrad", false, "Use the \"amsgrad\" rule (Nd4jAmsGrad) instead.");
        return AdamFamily.withOverrides(o, this, Nd4jAdamW::new);
    }

    @Override
    public void apply(INDArray param, INDArray grad, ParamState state, double stepLr) {
        Nd4jKernel.step(new Adam(1.0, beta1, beta2, eps), 0.0, param, grad, state, stepLr, 0, weightDecay, maximize);
    }

    /** Registers {@code "adamw"} with {@link UpdateRules}. */
    public static final class Provider extends NamedRuleProvider {
        public Provider() {
            super("adamw", Nd4jAdamW::fromTorch);
        }
    }
}

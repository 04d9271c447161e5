package dev.descent.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Nadam;

/**
 * ND4J's Nadam updater ({@code org.nd4j.linalg.learning.config.Nadam}) with torch's names and
 * defaults ({@code lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0}); registered as
 * {@code "nadam"}.
 *
 * <p>ND4J's exact rule (libnd4j {@code nadam_updater}), with {@code t} the 1-based step:
 * <pre>
 *   g = (maximize ? -grad : grad) + weight_decay * p        (coupled L2, as torch.optim.NAdam)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   p = p - lr * (beta1 * m + (1 - beta1) * g) / (1 - beta1^t) / (sqrt(v) + eps)
 * </pre>
 *
 * <p>This is Dozat's simplified Nesterov-Adam and differs from {@code torch.optim.NAdam} in three
 * ways: torch uses a momentum schedule {@code mu_t = beta1 * (1 - 0.5 * 0.96^(t * momentum_decay))}
 * with products of past {@code mu}s in the bias corrections (ND4J uses a constant {@code beta1};
 * torch's {@code momentum_decay} is therefore not accepted), torch bias-corrects {@code v}
 * ({@code sqrt(v / (1 - beta2^t))}, ND4J does not), and epsilon sits on the uncorrected root.
 * Expect the same trajectory shape, not the same numbers.
 *
 * <pre>{@code
 * UpdateRule nadam = UpdateRules.create("nadam", Map.of("lr", 2e-3));
 * }</pre>
 */
public record Nd4jNadam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize)
        implements AdamFamily {

    /** Validates like torch (and also rejects NaN and infinities). */
    public Nd4jNadam {
        AdamFamily.validate(lr, beta1, beta2, eps, weightDecay);
    }

    /** Torch's defaults with learning rate {@code lr}. */
    public static Nd4jNadam of(double lr) {
        return new Nd4jNadam(lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** From torch keyword arguments: {@code lr, betas (or beta1/beta2), eps, weight_decay, maximize}. */
    public static Nd4jNadam fromTorch(Map<String, Object> kwargs) {
        return of(2e-3).withOverrides(kwargs);
    }

    @Override
    public String name() {
        return "nadam";
    }

    @Override
    public Nd4jNadam withOverrides(Map<String, Object> o) {
        Hyper.onlyKnown(name(), o, AdamFamily.KEYS_NO_AMSGRAD);
        return AdamFamily.withOverrides(o, this, Nd4jNadam::new);
    }

    @Override
    public void apply(INDArray param, INDArray grad, ParamState state, double stepLr) {
        Nd4jKernel.step(new Nadam(1.0, beta1, beta2, eps), 0.0, param, grad, state, stepLr, weightDecay, 0, maximize);
    }

    /** Registers {@code "nadam"} with {@link UpdateRules}. */
    public static final class Provider extends NamedRuleProvider {
        public Provider() {
            super("nadam", Nd4jNadam::fromTorch);
        }
    }
}

package dev.descent.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/**
 * ND4J's Adam updater ({@code org.nd4j.linalg.learning.config.Adam}) behind the {@link UpdateRule}
 * SPI, configured with torch's keyword names and defaults ({@code lr=1e-3, betas=(0.9, 0.999),
 * eps=1e-8, weight_decay=0}); registered as {@code "adam"}.
 *
 * <p>ND4J's exact rule (libnd4j {@code adam_updater}), with {@code t} the 1-based step:
 * <pre>
 *   g = (maximize ? -grad : grad) + weight_decay * p        (coupled L2, as torch.optim.Adam)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g^2
 *   p = p - lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(v) + eps)
 * </pre>
 *
 * <p>Differs from torch in where epsilon sits: torch divides by {@code sqrt(v / (1 - beta2^t)) + eps},
 * i.e. it adds eps to the bias-corrected root, ND4J adds it to the uncorrected one (the
 * "epsilon hat" form of Kingma and Ba, section 2). ND4J's eps therefore acts like torch's
 * {@code eps * sqrt(1 - beta2^t)}: the same once {@code v} dominates eps, slightly larger early on.
 * Bias correction of {@code m} and {@code v} is otherwise torch's. Torch's {@code amsgrad=True} is
 * not accepted here; use {@link Nd4jAmsGrad} ({@code "amsgrad"}).
 *
 * <pre>{@code
 * UpdateRule adam = Nd4jAdam.fromTorch(Map.of("lr", 1e-3, "betas", List.of(0.9, 0.999)));
 * }</pre>
 */
public record Nd4jAdam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize)
        implements AdamFamily {

    /** Validates like torch (and also rejects NaN and infinities). */
    public Nd4jAdam {
        AdamFamily.validate(lr, beta1, beta2, eps, weightDecay);
    }

    /** Torch's defaults with learning rate {@code lr}. */
    public static Nd4jAdam of(double lr) {
        return new Nd4jAdam(lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** From torch keyword arguments: {@code lr, betas (or beta1/beta2), eps, weight_decay, maximize}. */
    public static Nd4jAdam fromTorch(Map<String, Object> kwargs) {
        return of(1e-3).withOverrides(kwargs);
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public Nd4jAdam withOverrides(Map<String, Object> o) {
        Hyper.onlyKnown(name(), o, AdamFamily.KEYS);
        TorchArgs.unsupported(name(), o, "amsgrad", false, "Use the \"amsgrad\" rule (Nd4jAmsGrad) instead.");
        return AdamFamily.withOverrides(o, this, Nd4jAdam::new);
    }

    @Override
    public void apply(INDArray param, INDArray grad, ParamState state, double stepLr) {
        Nd4jKernel.step(new Adam(1.0, beta1, beta2, eps), 0.0, param, grad, state, stepLr, weightDecay, 0, maximize);
    }

    /** Registers {@code "adam"} with {@link UpdateRules}. */
    public static final class Provider extends NamedRuleProvider {
        public Provider() {
            super("adam", Nd4jAdam::fromTorch);
        }
    }
}

package dev.descent.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.AMSGrad;

/**
 * ND4J's AMSGrad updater ({@code org.nd4j.linalg.learning.config.AMSGrad}), the counterpart of
 * torch's {@code Adam(amsgrad=True)}, with torch's names and defaults ({@code lr=1e-3,
 * betas=(0.9, 0.999), eps=1e-8, weight_decay=0}); registered as {@code "amsgrad"}.
 *
 * <p>ND4J's exact rule (libnd4j {@code ams_grad_updater}), with {@code t} the 1-based step:
 * <pre>
 *   g    = (maximize ? -grad : grad) + weight_decay * p     (coupled L2, as torch.optim.Adam)
 *   m    = beta1 * m + (1 - beta1) * g
 *   v    = beta2 * v + (1 - beta2) * g^2
 *   vHat = max(vHat, v)
 *   p    = p - lr * sqrt(1 - beta2^t) / (1 - beta1^t) * m / (sqrt(vHat) + eps)
 * </pre>
 *
 * <p>Torch keeps the same running maximum of the raw {@code v}; the only difference is epsilon
 * placement (torch: {@code sqrt(vHat / (1 - beta2^t)) + eps}), as described on {@link Nd4jAdam}.
 *
 * <pre>{@code
 * UpdateRule ams = UpdateRules.create("amsgrad", Map.of("lr", 1e-3));
 * }</pre>
 */
public record Nd4jAmsGrad(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize)
        implements AdamFamily {

    /** Validates like torch (and also rejects NaN and infinities). */
    public Nd4jAmsGrad {
        AdamFamily.validate(lr, beta1, beta2, eps, weightDecay);
    }

    /** Torch's defaults with learning rate {@code lr}. */
    public static Nd4jAmsGrad of(double lr) {
        return new Nd4jAmsGrad(lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /**
     * From torch keyword arguments: {@code lr, betas (or beta1/beta2), eps, weight_decay, maximize};
     * {@code amsgrad=true} is accepted (it is implied).
     */
    public static Nd4jAmsGrad fromTorch(Map<String, Object> kwargs) {
        return of(1e-3).withOverrides(kwargs);
    }

    @Override
    public String name() {
        return "amsgrad";
    }

    @Override
    public Nd4jAmsGrad withOverrides(Map<String, Object> o) {
        Hyper.onlyKnown(name(), o, AdamFamily.KEYS);
        TorchArgs.unsupported(name(), o, "amsgrad", true, "Use the \"adam\" rule (Nd4jAdam) for plain Adam.");
        return AdamFamily.withOverrides(o, this, Nd4jAmsGrad::new);
    }

    @Override
    public void apply(INDArray param, INDArray grad, ParamState state, double stepLr) {
        Nd4jKernel.step(new AMSGrad(1.0, beta1, beta2, eps), 0.0, param, grad, state, stepLr, weightDecay, 0, maximize);
    }

    /** Registers {@code "amsgrad"} with {@link UpdateRules}. */
    public static final class Provider extends NamedRuleProvider {
        public Provider() {
            super("amsgrad", Nd4jAmsGrad::fromTorch);
        }
    }
}

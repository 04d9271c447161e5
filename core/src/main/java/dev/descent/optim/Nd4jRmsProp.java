package dev.descent.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.RmsProp;

/**
 * ND4J's RMSProp updater ({@code org.nd4j.linalg.learning.config.RmsProp}) with torch's names and
 * defaults ({@code lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0}); registered as {@code "rmsprop"}.
 *
 * <p>ND4J's exact rule (libnd4j {@code rms_prop_updater}), {@code alpha} being what ND4J calls
 * {@code rmsDecay}:
 * <pre>
 *   g = (maximize ? -grad : grad) + weight_decay * p        (coupled L2, as torch.optim.RMSprop)
 *   s = alpha * s + (1 - alpha) * g^2
 *   p = p - lr * g / (sqrt(s) + eps)
 * </pre>
 *
 * <p>This is torch's non-centered, momentum-free RMSprop exactly, given the same start: ND4J on its
 * own fills {@code s} with {@code eps} before the first step, torch (and this adapter) start at 0.
 * ND4J's defaults also differ ({@code rmsDecay=0.95}, {@code lr=0.1}); this class uses torch's.
 * Torch's {@code centered=True} and {@code momentum > 0} have no ND4J counterpart and are rejected.
 * Torch only requires {@code alpha >= 0}; values above 1 make {@code s} negative, so this class
 * requires {@code alpha} in [0, 1].
 *
 * <pre>{@code
 * UpdateRule rms = Nd4jRmsProp.fromTorch(Map.of("lr", 0.01, "alpha", 0.9));
 * }</pre>
 */
public record Nd4jRmsProp(double lr, double alpha, double eps, double weightDecay, boolean maximize)
        implements Nd4jAdapter {

    /** Validates like torch (and also rejects NaN and infinities). */
    public Nd4jRmsProp {
        TorchArgs.lr(lr);
        TorchArgs.eps(eps);
        TorchArgs.unitInterval("alpha", alpha);
        TorchArgs.weightDecay(weightDecay);
    }

    /** Torch's defaults with learning rate {@code lr}. */
    public static Nd4jRmsProp of(double lr) {
        return new Nd4jRmsProp(lr, 0.99, 1e-8, 0, false);
    }

    /** From torch keyword arguments: {@code lr, alpha, eps, weight_decay, maximize}. */
    public static Nd4jRmsProp fromTorch(Map<String, Object> kwargs) {
        return of(1e-2).withOverrides(kwargs);
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public Map<String, Object> hyperParameters() {
        return Hyper.ordered("lr", lr, "alpha", alpha, "eps", eps, "weight_decay", weightDecay, "maximize", maximize);
    }

    @Override
    public Nd4jRmsProp withOverrides(Map<String, Object> o) {
        Hyper.onlyKnown(name(), o, hyperParameters().keySet(), "momentum", "centered");
        TorchArgs.unsupported(name(), o, "momentum", 0.0, "Use momentum = 0, or the \"sgd\" rule for momentum.");
        TorchArgs.unsupported(name(), o, "centered", false, "Use centered = false.");
        return new Nd4jRmsProp(Hyper.number(o, "lr", lr), Hyper.number(o, "alpha", alpha), Hyper.number(o, "eps", eps),
                Hyper.number(o, "weight_decay", weightDecay), Hyper.flag(o, "maximize", maximize));
    }

    @Override
    public void apply(INDArray param, INDArray grad, ParamState state, double stepLr) {
        Nd4jKernel.step(new RmsProp(1.0, alpha, eps), 0.0, param, grad, state, stepLr, weightDecay, 0, maximize);
    }

    /** Registers {@code "rmsprop"} with {@link UpdateRules}. */
    public static final class Provider extends NamedRuleProvider {
        public Provider() {
            super("rmsprop", Nd4jRmsProp::fromTorch);
        }
    }
}

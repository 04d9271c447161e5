package dev.descent.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.AdaDelta;

/**
 * ND4J's AdaDelta updater ({@code org.nd4j.linalg.learning.config.AdaDelta}) with torch's names and
 * defaults ({@code lr=1.0, rho=0.9, eps=1e-6, weight_decay=0}); registered as {@code "adadelta"}.
 *
 * <p>ND4J's exact rule (libnd4j {@code ada_delta_updater}), plus torch's learning rate:
 * <pre>
 *   g  = (maximize ? -grad : grad) + weight_decay * p       (coupled L2, as torch.optim.Adadelta)
 *   s  = rho * s + (1 - rho) * g^2
 *   d  = g * sqrt(u + eps) / sqrt(s + eps)
 *   u  = rho * u + (1 - rho) * d^2
 *   p  = p - lr * d
 * </pre>
 *
 * <p>ND4J's AdaDelta has no learning rate at all (it always steps by {@code d}); torch multiplies
 * by {@code lr} (default 1.0) after updating {@code u} with the unscaled {@code d}, and so does
 * this adapter, which makes it torch's rule exactly. ND4J's own default {@code rho} is 0.95; this
 * class uses torch's 0.9.
 *
 * <pre>{@code
 * UpdateRule ad = UpdateRules.create("adadelta", Map.of("rho", 0.95));
 * }</pre>
 */
public record Nd4jAdaDelta(double lr, double rho, double eps, double weightDecay, boolean maximize) implements Nd4jAdapter {

    /** Validates like torch (and also rejects NaN and infinities). */
    public Nd4jAdaDelta {
        TorchArgs.lr(lr);
        TorchArgs.unitInterval("rho", rho);
        TorchArgs.eps(eps);
        TorchArgs.weightDecay(weightDecay);
    }

    /** Torch's defaults with learning rate {@code lr}. */
    public static Nd4jAdaDelta of(double lr) {
        return new Nd4jAdaDelta(lr, 0.9, 1e-6, 0, false);
    }

    /** From torch keyword arguments: {@code lr, rho, eps, weight_decay, maximize}. */
    public static Nd4jAdaDelta fromTorch(Map<String, Object> kwargs) {
        return of(1.0).withOverrides(kwargs);
    }

    @Override
    public String name() {
        return "adadelta";
    }

    @Override
    public Map<String, Object> hyperParameters() {
        return Hyper.ordered("lr", lr, "rho", rho, "eps", eps, "weight_decay", weightDecay, "maximize", maximize);
    }

    @Override
    public Nd4jAdaDelta withOverrides(Map<String, Object> o) {
        Hyper.onlyKnown(name(), o, hyperParameters().keySet());
        return new Nd4jAdaDelta(Hyper.number(o, "lr", lr), Hyper.number(o, "rho", rho), Hyper.number(o, "eps", eps),
                Hyper.number(o, "weight_decay", weightDecay), Hyper.flag(o, "maximize", maximize));
    }

    @Override
    public void apply(INDArray param, INDArray grad, ParamState state, double stepLr) {
        AdaDelta config = AdaDelta.builder().rho(rho).epsilon(eps).build();
        Nd4jKernel.step(config, 0.0, param, grad, state, stepLr, weightDecay, 0, maximize);
    }

    /** Registers {@code "adadelta"} with {@link UpdateRules}. */
    public static final class Provider extends NamedRuleProvider {
        public Provider() {
            super("adadelta", Nd4jAdaDelta::fromTorch);
        }
    }
}

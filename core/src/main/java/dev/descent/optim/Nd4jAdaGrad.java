package dev.descent.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.AdaGrad;

/**
 * ND4J's AdaGrad updater ({@code org.nd4j.linalg.learning.config.AdaGrad}) with torch's names and
 * defaults ({@code lr=1e-2, eps=1e-10, weight_decay=0, initial_accumulator_value=0}); registered as
 * {@code "adagrad"}.
 *
 * <p>ND4J's exact rule (libnd4j {@code ada_grad_updater}):
 * <pre>
 *   g = (maximize ? -grad : grad) + weight_decay * p        (coupled L2, as torch.optim.Adagrad)
 *   h = h + g^2                                             (h starts at initial_accumulator_value)
 *   p = p - lr * g / (sqrt(h) + eps)
 * </pre>
 *
 * <p>This equals torch's Adagrad with {@code lr_decay=0} (torch's {@code lr_decay} is rejected;
 * use a schedule instead). ND4J on its own starts the accumulator at a fixed 1e-6 whatever its
 * epsilon, and defaults to {@code eps=1e-6, lr=0.1}; this adapter starts it at torch's
 * {@code initial_accumulator_value} (default 0) and uses torch's defaults.
 *
 * <pre>{@code
 * UpdateRule ada = Nd4jAdaGrad.fromTorch(Map.of("lr", 0.1, "initial_accumulator_value", 0.1));
 * }</pre>
 */
public record Nd4jAdaGrad(double lr, double eps, double weightDecay, double initialAccumulatorValue, boolean maximize)
        implements Nd4jAdapter {

    /** Validates like torch (and also rejects NaN and infinities). */
    public Nd4jAdaGrad {
        TorchArgs.lr(lr);
        TorchArgs.eps(eps);
        TorchArgs.weightDecay(weightDecay);
        TorchArgs.nonNegative("initial_accumulator_value", initialAccumulatorValue);
    }

    /** Torch's defaults with learning rate {@code lr}. */
    public static Nd4jAdaGrad of(double lr) {
        return new Nd4jAdaGrad(lr, 1e-10, 0, 0, false);
    }

    /** From torch keyword arguments: {@code lr, eps, weight_decay, initial_accumulator_value, maximize}. */
    public static Nd4jAdaGrad fromTorch(Map<String, Object> kwargs) {
        return of(1e-2).withOverrides(kwargs);
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public Map<String, Object> hyperParameters() {
        return Hyper.ordered("lr", lr, "eps", eps, "weight_decay", weightDecay,
                "initial_accumulator_value", initialAccumulatorValue, "maximize", maximize);
    }

    @Override
    public Nd4jAdaGrad withOverrides(Map<String, Object> o) {
        Hyper.onlyKnown(name(), o, hyperParameters().keySet(), "lr_decay");
        TorchArgs.unsupported(name(), o, "lr_decay", 0.0, "Use lr_decay = 0 and an LrSchedule for decay.");
        return new Nd4jAdaGrad(Hyper.number(o, "lr", lr), Hyper.number(o, "eps", eps),
                Hyper.number(o, "weight_decay", weightDecay),
                Hyper.number(o, "initial_accumulator_value", initialAccumulatorValue), Hyper.flag(o, "maximize", maximize));
    }

    @Override
    public void apply(INDArray param, INDArray grad, ParamState state, double stepLr) {
        Nd4jKernel.step(new AdaGrad(1.0, eps), initialAccumulatorValue, param, grad, state, stepLr, weightDecay, 0,
                maximize);
    }

    /** Registers {@code "adagrad"} with {@link UpdateRules}. */
    public static final class Provider extends NamedRuleProvider {
        public Provider() {
            super("adagrad", Nd4jAdaGrad::fromTorch);
        }
    }
}

package dev.descent.optim;

import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adagrad with exactly {@code torch.optim.Adagrad}'s semantics, names and defaults ({@code lr=1e-2,
 * lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, maximize=False}); registered
 * as {@code "adagrad"}.
 *
 * <p>One step (torch 1.13, {@code _single_tensor_adagrad}; {@code t} counts this parameter's steps
 * from 1):
 * <pre>
 *   t = t + 1
 *   g = maximize ? -g : g
 *   if weight_decay != 0:  g = g + weight_decay * p            (coupled L2)
 *   clr = lr / (1 + (t - 1) * lr_decay)
 *   sum = sum + g * g                                          (sum starts at initial_accumulator_value)
 *   p = p - clr * g / (sqrt(sum) + eps)
 * </pre>
 * The state holds {@code sum}, created when the rule meets the parameter, as torch's constructor does,
 * and {@link ParamState#step()} is {@code t}.
 *
 * <p>Where others differ: ND4J's {@code AdaGrad} updater starts the accumulator at a fixed 1e-6
 * whatever its epsilon, has no {@code lr_decay} (a schedule stands in) and defaults to
 * {@code lr=0.1, epsilon=1e-6}. Keras's {@code Adagrad} starts the accumulator at 0.1
 * ({@code initial_accumulator_value=0.1}) with epsilon 1e-7 and has no learning-rate decay.
 *
 * <pre>{@code
 * UpdateRule ada = UpdateRules.create("adagrad", Map.of("lr", 0.1, "lr_decay", 1e-3, "initial_accumulator_value", 0.1));
 * }</pre>
 */
public record Adagrad(double lr, double lrDecay, double weightDecay, double initialAccumulatorValue, double eps,
        boolean maximize) implements UpdateRule {

    /** torch's state name. */
    static final String SUM = "sum";

    private static final Set<String> KEYS = Set.of("lr", "lr_decay", "weight_decay", "initial_accumulator_value", "eps",
            "maximize");

    /** Validates like torch, in torch's order (and also rejects NaN and infinities). */
    public Adagrad {
        TorchArgs.lr(lr);
        TorchArgs.nonNegative("lr_decay", lrDecay, "1e-4");
        TorchArgs.weightDecay(weightDecay);
        TorchArgs.nonNegative("initial_accumulator_value", initialAccumulatorValue, "0.1");
        TorchArgs.eps(eps);
    }

    /** Torch's defaults with learning rate {@code lr}. */
    public static Adagrad of(double lr) {
        return new Adagrad(lr, 0, 0, 0, 1e-10, false);
    }

    @Override
    public String name() {
        return "adagrad";
    }

    @Override
    public Map<String, Object> hyperParameters() {
        return Hyper.ordered("lr", lr, "lr_decay", lrDecay, "weight_decay", weightDecay, "initial_accumulator_value",
                initialAccumulatorValue, "eps", eps, "maximize", maximize);
    }

    @Override
    public Adagrad withOverrides(Map<String, Object> o) {
        Hyper.onlyKnown(name(), o, KEYS);
        return new Adagrad(Hyper.number(o, "lr", lr), Hyper.number(o, "lr_decay", lrDecay),
                Hyper.number(o, "weight_decay", weightDecay),
                Hyper.number(o, "initial_accumulator_value", initialAccumulatorValue), Hyper.number(o, "eps", eps),
                Hyper.flag(o, "maximize", maximize));
    }

    @Override
    public ParamState initState(INDArray param) {
        ParamState s = new ParamState();
        PortableOps.buffer(s, SUM, param, initialAccumulatorValue);
        return s;
    }

    @Override
    public void apply(INDArray param, INDArray grad, ParamState state, double stepLr) {
        INDArray sum = PortableOps.buffer(state, SUM, param, initialAccumulatorValue);
        long t = state.step() + 1;
        double clr = stepLr / (1 + (t - 1) * lrDecay);
        if (FusedPass.applicable(param, grad, sum, null, null)) {
            final float neg = (float) -clr;
            final float e = (float) eps;
            final float wd = (float) weightDecay;
            final boolean max = maximize;
            FusedPass.run(param, grad, sum, null, null, (p, g, s, unused1, unused2, len) -> {
                FusedPass.direction(p, g, len, max, wd);
                for (int i = 0; i < len; i++) {
                    s[i] = Math.fma(g[i], g[i], s[i]);
                    p[i] = p[i] + neg * g[i] / ((float) Math.sqrt(s[i]) + e);
                }
            });
        } else {
            INDArray d = PortableOps.direction(param, grad, state, maximize, weightDecay);
            INDArray std = state.scratch("std", param);
            sum.addi(std.assign(d).muli(d));
            Transforms.sqrt(std.assign(sum), false).addi(eps);
            PortableOps.axpy(-clr, d.divi(std), param);
        }
        state.setStep(t);
    }

    /** Registers {@code "adagrad"} with {@link UpdateRules} (torch's defaults, lr 1e-2), through {@code META-INF/services} like any plug-in. */
    public static final class Provider extends NamedRuleProvider {
        public Provider() {
            super(of(1e-2));
        }
    }
}

package dev.descent.optim;

import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adadelta with exactly {@code torch.optim.Adadelta}'s semantics, names and defaults ({@code lr=1.0,
 * rho=0.9, eps=1e-6, weight_decay=0, maximize=False}); registered as {@code "adadelta"}.
 *
 * <p>One step (torch 1.13, {@code _single_tensor_adadelta}):
 * <pre>
 *   g = maximize ? -g : g
 *   if weight_decay != 0:  g = g + weight_decay * p            (coupled L2)
 *   sq = rho * sq + (1 - rho) * g * g                          (square_avg)
 *   std = sqrt(sq + eps)
 *   delta = sqrt(acc + eps) / std * g
 *   acc = rho * acc + (1 - rho) * delta * delta                (acc_delta: the unscaled delta)
 *   p = p - lr * delta
 * </pre>
 * {@code sq} and {@code acc} start at zero.
 *
 * <p>Where others differ: Zeiler's paper and ND4J's {@code AdaDelta} updater have no learning rate
 * (they step by {@code delta}, i.e. torch with {@code lr=1}), and ND4J defaults to {@code rho=0.95}.
 * Keras's {@code Adadelta} takes a learning rate like torch but defaults to {@code learning_rate=0.001,
 * rho=0.95, epsilon=1e-7}.
 *
 * <pre>{@code
 * UpdateRule ad = UpdateRules.create("adadelta", Map.of("rho", 0.95, "eps", 1e-6));
 * }</pre>
 */
public record Adadelta(double lr, double rho, double eps, double weightDecay, boolean maximize) implements UpdateRule {

    /** torch's state names. */
    static final String SQUARE_AVG = "square_avg";
    static final String ACC_DELTA = "acc_delta";

    private static final Set<String> KEYS = Set.of("lr", "rho", "eps", "weight_decay", "maximize");

    /** Validates like torch, in torch's order (and also rejects NaN and infinities). */
    public Adadelta {
        TorchArgs.lr(lr);
        TorchArgs.unitInterval("rho", rho, "0.9");
        TorchArgs.eps(eps);
        TorchArgs.weightDecay(weightDecay);
    }

    /** Torch's defaults with learning rate {@code lr} (torch's default is 1.0). */
    public static Adadelta of(double lr) {
        return new Adadelta(lr, 0.9, 1e-6, 0, false);
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
    public Adadelta withOverrides(Map<String, Object> o) {
        Hyper.onlyKnown(name(), o, KEYS);
        return new Adadelta(Hyper.number(o, "lr", lr), Hyper.number(o, "rho", rho), Hyper.number(o, "eps", eps),
                Hyper.number(o, "weight_decay", weightDecay), Hyper.flag(o, "maximize", maximize));
    }

    @Override
    public ParamState initState(INDArray param) {
        ParamState s = new ParamState();
        PortableOps.buffer(s, SQUARE_AVG, param, 0);
        PortableOps.buffer(s, ACC_DELTA, param, 0);
        return s;
    }

    @Override
    public void apply(INDArray param, INDArray grad, ParamState state, double stepLr) {
        INDArray sq = PortableOps.buffer(state, SQUARE_AVG, param, 0);
        INDArray acc = PortableOps.buffer(state, ACC_DELTA, param, 0);
        if (FusedPass.applicable(param, grad, sq, acc, null)) {
            final float r = (float) rho;
            final float c = (float) (1 - rho);
            final float e = (float) eps;
            final float wd = (float) weightDecay;
            final float neg = (float) -stepLr;
            final boolean max = maximize;
            FusedPass.run(param, grad, sq, acc, null, (p, g, s, u, unused, len) -> {
                FusedPass.direction(p, g, len, max, wd);
                for (int i = 0; i < len; i++) {
                    s[i] = Math.fma(c * g[i], g[i], r * s[i]);
                    float delta = (float) Math.sqrt(u[i] + e) / (float) Math.sqrt(s[i] + e) * g[i];
                    u[i] = Math.fma(c * delta, delta, r * u[i]);
                    p[i] = Math.fma(delta, neg, p[i]);
                }
            });
        } else {
            INDArray d = PortableOps.direction(param, grad, state, maximize, weightDecay);
            INDArray std = state.scratch("std", param);
            INDArray delta = state.scratch("delta", param);
            PortableOps.decaySquare(sq, rho, d, std);
            Transforms.sqrt(std.assign(sq).addi(eps), false);
            Transforms.sqrt(delta.assign(acc).addi(eps), false).divi(std).muli(d);
            PortableOps.decaySquare(acc, rho, delta, std);
            PortableOps.axpy(-stepLr, delta, param);
        }
        state.setStep(state.step() + 1);
    }

    /** Registers {@code "adadelta"} with {@link UpdateRules} (torch's defaults, lr 1.0), through {@code META-INF/services} like any plug-in. */
    public static final class Provider extends NamedRuleProvider {
        public Provider() {
            super(of(1.0));
        }
    }
}

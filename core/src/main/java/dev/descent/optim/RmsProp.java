package dev.descent.optim;

import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * RMSprop with exactly {@code torch.optim.RMSprop}'s semantics, names and defaults ({@code lr=1e-2,
 * alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False, maximize=False}); registered as
 * {@code "rmsprop"}.
 *
 * <p>One step (torch 1.13, {@code _single_tensor_rmsprop}):
 * <pre>
 *   g = maximize ? -g : g
 *   if weight_decay != 0:  g = g + weight_decay * p            (coupled L2)
 *   sq = alpha * sq + (1 - alpha) * g * g                      (square_avg)
 *   if centered:
 *       ga = alpha * ga + (1 - alpha) * g                      (grad_avg)
 *       avg = sqrt(sq - ga * ga)
 *   else:
 *       avg = sqrt(sq)
 *   avg = avg + eps                                            (eps outside the root)
 *   if momentum > 0:
 *       buf = momentum * buf + g / avg                         (momentum_buffer, lr kept out of it)
 *       p = p - lr * buf
 *   else:
 *       p = p - lr * g / avg
 * </pre>
 * {@code sq}, {@code ga} and {@code buf} start at zero.
 *
 * <p>Where others differ: ND4J's {@code RmsProp} updater starts {@code sq} at epsilon, not zero, has
 * neither momentum nor the centered form, and defaults to {@code rmsDecay=0.95, lr=0.1}. Keras's
 * {@code RMSprop} (default {@code rho=0.9}, epsilon 1e-7) keeps the learning rate inside its momentum
 * buffer ({@code buf = momentum * buf + lr * g / avg}), which diverges from torch as soon as a
 * schedule changes the rate, and older Keras/TF versions put epsilon inside the root. Torch only
 * requires {@code alpha >= 0}, and so does this class; an alpha above 1 makes {@code sq} negative.
 *
 * <pre>{@code
 * UpdateRule rms = UpdateRules.create("rmsprop", Map.of("lr", 0.01, "momentum", 0.9, "centered", true));
 * }</pre>
 */
public record RmsProp(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered,
        boolean maximize) implements UpdateRule {

    /** torch's state names. */
    static final String SQUARE_AVG = "square_avg";
    static final String GRAD_AVG = "grad_avg";
    static final String MOMENTUM_BUFFER = "momentum_buffer";

    private static final Set<String> KEYS = Set.of("lr", "alpha", "eps", "weight_decay", "momentum", "centered", "maximize");

    /** Validates like torch, in torch's order (and also rejects NaN and infinities). */
    public RmsProp {
        TorchArgs.lr(lr);
        TorchArgs.eps(eps);
        TorchArgs.nonNegative("momentum", momentum, "0.9");
        TorchArgs.weightDecay(weightDecay);
        TorchArgs.nonNegative("alpha", alpha, "0.99");
    }

    /** Torch's defaults with learning rate {@code lr}. */
    public static RmsProp of(double lr) {
        return new RmsProp(lr, 0.99, 1e-8, 0, 0, false, false);
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public Map<String, Object> hyperParameters() {
        return Hyper.ordered("lr", lr, "alpha", alpha, "eps", eps, "weight_decay", weightDecay, "momentum", momentum,
                "centered", centered, "maximize", maximize);
    }

    @Override
    public RmsProp withOverrides(Map<String, Object> o) {
        Hyper.onlyKnown(name(), o, KEYS);
        return new RmsProp(Hyper.number(o, "lr", lr), Hyper.number(o, "alpha", alpha), Hyper.number(o, "eps", eps),
                Hyper.number(o, "weight_decay", weightDecay), Hyper.number(o, "momentum", momentum),
                Hyper.flag(o, "centered", centered), Hyper.flag(o, "maximize", maximize));
    }

    @Override
    public ParamState initState(INDArray param) {
        // zeroed square_avg, grad_avg (centered) and momentum_buffer (momentum > 0), as torch's first step makes them
        ParamState s = new ParamState();
        PortableOps.buffer(s, SQUARE_AVG, param, 0);
        if (centered) {
            PortableOps.buffer(s, GRAD_AVG, param, 0);
        }
        if (momentum > 0) {
            PortableOps.buffer(s, MOMENTUM_BUFFER, param, 0);
        }
        return s;
    }

    @Override
    public void apply(INDArray param, INDArray grad, ParamState state, double stepLr) {
        INDArray sq = PortableOps.buffer(state, SQUARE_AVG, param, 0);
        @Nullable INDArray ga = centered ? PortableOps.buffer(state, GRAD_AVG, param, 0) : null;
        @Nullable INDArray buf = momentum > 0 ? PortableOps.buffer(state, MOMENTUM_BUFFER, param, 0) : null;
        if (FusedPass.applicable(param, grad, sq, ga, buf)) {
            fused(param, grad, sq, ga, buf, stepLr);
        } else {
            INDArray d = PortableOps.direction(param, grad, state, maximize, weightDecay);
            INDArray avg = state.scratch("avg", param);
            PortableOps.decaySquare(sq, alpha, d, avg);
            if (ga != null) {
                ga.muli(alpha);
                PortableOps.axpy(1 - alpha, d, ga);
                avg.assign(ga).muli(ga).rsubi(sq);
            } else {
                avg.assign(sq);
            }
            Transforms.sqrt(avg, false).addi(eps);
            d.divi(avg);
            if (buf != null) {
                buf.muli(momentum).addi(d);
                PortableOps.axpy(-stepLr, buf, param);
            } else {
                PortableOps.axpy(-stepLr, d, param);
            }
        }
        state.setStep(state.step() + 1);
    }

    private void fused(INDArray param, INDArray grad, INDArray sq, @Nullable INDArray ga, @Nullable INDArray buf,
            double stepLr) {
        final float a = (float) alpha;
        final float c = (float) (1 - alpha);
        final float e = (float) eps;
        final float wd = (float) weightDecay;
        final float mu = (float) momentum;
        final float neg = (float) -stepLr;
        final boolean max = maximize;
        final boolean ctr = ga != null;
        final boolean mom = buf != null;
        FusedPass.run(param, grad, sq, ga, buf, (p, g, s, gav, b, len) -> {
            FusedPass.direction(p, g, len, max, wd);
            for (int i = 0; i < len; i++) {
                s[i] = Math.fma(c * g[i], g[i], a * s[i]);
            }
            if (ctr) {
                for (int i = 0; i < len; i++) {
                    gav[i] = Math.fma(c, g[i], a * gav[i]);
                }
                // avg = sqrt(sq - ga * ga) + eps (torch: square_avg.addcmul(grad_avg, grad_avg, value=-1))
                if (mom) {
                    for (int i = 0; i < len; i++) {
                        b[i] = mu * b[i] + g[i] / ((float) Math.sqrt(Math.fma(-gav[i], gav[i], s[i])) + e);
                        p[i] = Math.fma(b[i], neg, p[i]);
                    }
                } else {
                    for (int i = 0; i < len; i++) {
                        p[i] = p[i] + neg * g[i] / ((float) Math.sqrt(Math.fma(-gav[i], gav[i], s[i])) + e);
                    }
                }
            } else if (mom) {
                for (int i = 0; i < len; i++) {
                    b[i] = mu * b[i] + g[i] / ((float) Math.sqrt(s[i]) + e);
                    p[i] = Math.fma(b[i], neg, p[i]);
                }
            } else {
                for (int i = 0; i < len; i++) {
                    p[i] = p[i] + neg * g[i] / ((float) Math.sqrt(s[i]) + e);
                }
            }
        });
    }

    /** Registers {@code "rmsprop"} with {@link UpdateRules} (torch's defaults, lr 1e-2), through {@code META-INF/services} like any plug-in. */
    public static final class Provider extends NamedRuleProvider {
        public Provider() {
            super(of(1e-2));
        }
    }
}

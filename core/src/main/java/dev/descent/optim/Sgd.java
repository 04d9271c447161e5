package dev.descent.optim;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stochastic gradient descent with exactly {@code torch.optim.SGD}'s semantics and names.
 *
 * <p>For each parameter {@code p} with gradient {@code g}, one step does (torch 1.13, {@code _single_tensor_sgd}):
 * <pre>
 *   d = maximize ? -g : g
 *   if weight_decay != 0:  d = d + weight_decay * p          (coupled L2, before momentum)
 *   if momentum != 0:
 *       buf = (first step) ? d                                (the first step is NOT dampened)
 *                          : momentum * buf + (1 - dampening) * d
 *       d = nesterov ? d + momentum * buf : buf
 *   p = p - lr * d
 * </pre>
 *
 * <p>Differences from other frameworks: ND4J's {@code Nesterovs} and DJL's SGD keep {@code lr}
 * inside the velocity ({@code v = mu*v - lr*g; p += v}), which diverges from torch as soon as the
 * learning rate changes (schedules) and uses a different Nesterov form; torch, and this class, keep
 * the buffer free of {@code lr}. Torch's first momentum step copies the gradient into the buffer,
 * skipping dampening; Keras has no dampening at all.
 *
 * <p>The update runs in place, in one fused pass over the native float buffers (split over cores
 * for large parameters), with the same per-element roundings as the equivalent BLAS level-1 calls,
 * which remain the path for views and other dtypes. The only allocation is the momentum buffer,
 * once per parameter.
 *
 * <pre>{@code
 * Sgd sgd = Sgd.builder().lr(0.02).momentum(0.9).nesterov(true).build();
 * }</pre>
 */
public record Sgd(double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize)
        implements UpdateRule {

    /** The state buffer name, as in torch's {@code state_dict}. */
    public static final String MOMENTUM_BUFFER = "momentum_buffer";

    /** Every keyword 0 or false: what {@code UpdateRules.create("sgd", ...)} and the builder override. */
    static final Sgd UNSET = new Sgd(0, 0, 0, 0, false, false);

    private static final Set<String> KEYS = Set.of("lr", "momentum", "dampening", "weight_decay", "nesterov", "maximize");

    /** Validates like torch (and also rejects NaN and infinities, which torch lets through). */
    public Sgd {
        if (!(lr >= 0.0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("Invalid learning rate: " + lr
                    + " (lr must be a finite number >= 0, e.g. 0.01)");
        }
        if (!(momentum >= 0.0) || Double.isInfinite(momentum)) {
            throw new IllegalArgumentException("Invalid momentum value: " + momentum
                    + " (momentum must be a finite number >= 0, typically 0.9)");
        }
        if (!(weightDecay >= 0.0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("Invalid weight_decay value: " + weightDecay
                    + " (weight_decay must be a finite number >= 0, e.g. 1e-4)");
        }
        if (!Double.isFinite(dampening)) {
            throw new IllegalArgumentException("Invalid dampening value: " + dampening
                    + " (dampening must be a finite number, normally in [0, 1])");
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("Nesterov momentum requires a momentum and zero dampening (got momentum="
                    + momentum + ", dampening=" + dampening + "; set momentum > 0 and dampening = 0, or nesterov = false)");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public Map<String, Object> hyperParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr);
        m.put("momentum", momentum);
        m.put("dampening", dampening);
        m.put("weight_decay", weightDecay);
        m.put("nesterov", nesterov);
        m.put("maximize", maximize);
        return m;
    }

    @Override
    public Sgd withOverrides(Map<String, Object> o) {
        Hyper.onlyKnown("sgd", o, KEYS);
        return new Sgd(Hyper.number(o, "lr", lr), Hyper.number(o, "momentum", momentum),
                Hyper.number(o, "dampening", dampening), Hyper.number(o, "weight_decay", weightDecay),
                Hyper.flag(o, "nesterov", nesterov), Hyper.flag(o, "maximize", maximize));
    }

    @Override
    public ParamState initState(INDArray param) {
        return new ParamState();
    }

    @Override
    public void apply(INDArray param, INDArray grad, ParamState state, double stepLr) {
        @Nullable INDArray existing = momentum != 0 ? state.buffer(MOMENTUM_BUFFER) : null;
        if (FusedPass.applicable(param, grad, existing, null, null)) {
            boolean first = momentum != 0 && existing == null;
            if (first) {
                existing = param.ulike();
                state.putBuffer(MOMENTUM_BUFFER, existing);
            }
            FusedPass.run(param, grad, existing, null, null, FusedSgd.chunk(this, first, stepLr));
            state.setStep(state.step() + 1);
            return;
        }
        applyWithBlas(param, grad, state, stepLr);
    }

    /**
     * The portable path (any backend, views, other dtypes): the same update composed of in-place
     * ND4J ops and BLAS level-1 calls, which the adaptive rules' portable paths share.
     */
    void applyWithBlas(INDArray param, INDArray grad, ParamState state, double stepLr) {
        INDArray d = maximize || weightDecay != 0 || nesterov
                ? PortableOps.direction(param, grad, state, maximize, weightDecay)
                : grad;
        if (momentum != 0) {
            INDArray buf = state.buffer(MOMENTUM_BUFFER);
            if (buf == null) {
                buf = d.dup();
                state.putBuffer(MOMENTUM_BUFFER, buf);
            } else {
                buf.muli(momentum);
                PortableOps.axpy(1 - dampening, d, buf);
            }
            if (nesterov) {
                PortableOps.axpy(momentum, buf, d);
            } else {
                d = buf;
            }
        }
        PortableOps.axpy(-stepLr, d, param);
        state.setStep(state.step() + 1);
    }

    /**
     * Fluent construction under Java names; each call sets the torch keyword of the same meaning, and
     * {@link #build()} makes the rule as {@link Sgd#withOverrides} does (every value 0 or false unless
     * given), so validation happens once, in the rule.
     */
    public static final class Builder {
        private final Map<String, Object> kwargs = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder lr(double v) {
            return set("lr", v);
        }

        public Builder momentum(double v) {
            return set("momentum", v);
        }

        public Builder dampening(double v) {
            return set("dampening", v);
        }

        public Builder weightDecay(double v) {
            return set("weight_decay", v);
        }

        public Builder nesterov(boolean v) {
            return set("nesterov", v);
        }

        public Builder maximize(boolean v) {
            return set("maximize", v);
        }

        private Builder set(String keyword, Object value) {
            kwargs.put(keyword, value);
            return this;
        }

        public Sgd build() {
            if (!kwargs.containsKey("lr")) {
                throw new IllegalArgumentException("Sgd needs a learning rate: call lr(...) with a finite number >= 0, e.g. lr(0.01)");
            }
            // a NaN given explicitly gets torch's wording from the rule's own check
            return UNSET.withOverrides(kwargs);
        }
    }
}

package dev.descent.optim;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The update {@link Adam} and {@link AdamW} share (torch 1.13's {@code _single_tensor_adam} and
 * {@code _single_tensor_adamw}): they differ only in where the weight decay goes, into the gradient
 * (coupled, Adam) or straight onto the parameter before the step (decoupled, AdamW). Also their
 * shared validation and keyword handling.
 */
final class AdamKernel {
    /** torch's state names. */
    static final String EXP_AVG = "exp_avg";
    static final String EXP_AVG_SQ = "exp_avg_sq";
    static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";

    /** torch's keywords ({@code beta1}/{@code beta2} are accepted as a spelling of {@code betas}). */
    static final Set<String> KEYS = Set.of("lr", "betas", "beta1", "beta2", "eps", "weight_decay", "amsgrad", "maximize");

    private AdamKernel() {
    }

    /** torch's checks, in torch's order. */
    static void validate(double lr, double beta1, double beta2, double eps, double weightDecay) {
        TorchArgs.lr(lr);
        TorchArgs.eps(eps);
        TorchArgs.beta(0, beta1);
        TorchArgs.beta(1, beta2);
        TorchArgs.weightDecay(weightDecay);
    }

    static Map<String, Object> hyperParameters(double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean amsgrad, boolean maximize) {
        return Hyper.ordered("lr", lr, "betas", List.of(beta1, beta2), "eps", eps, "weight_decay", weightDecay,
                "amsgrad", amsgrad, "maximize", maximize);
    }

    /** Zeroed {@code exp_avg}, {@code exp_avg_sq} and, with amsgrad, {@code max_exp_avg_sq}, as torch's first step makes them. */
    static ParamState initState(INDArray param, boolean amsgrad) {
        ParamState s = new ParamState();
        PortableOps.buffer(s, EXP_AVG, param, 0);
        PortableOps.buffer(s, EXP_AVG_SQ, param, 0);
        if (amsgrad) {
            PortableOps.buffer(s, MAX_EXP_AVG_SQ, param, 0);
        }
        return s;
    }

    /**
     * One step; {@code decoupled} selects AdamW. The bias corrections are computed in double, as
     * torch does in Python ({@code StrictMath}, so the same bits in every JVM); the element-wise
     * arithmetic runs in float32, in torch's order.
     */
    static void step(INDArray param, INDArray grad, ParamState state, double lr, double beta1, double beta2, double eps,
            double weightDecay, boolean decoupled, boolean amsgrad, boolean maximize) {
        INDArray m = PortableOps.buffer(state, EXP_AVG, param, 0);
        INDArray v = PortableOps.buffer(state, EXP_AVG_SQ, param, 0);
        @Nullable INDArray vmax = amsgrad ? PortableOps.buffer(state, MAX_EXP_AVG_SQ, param, 0) : null;
        long t = state.step() + 1;
        double stepSize = lr / (1 - StrictMath.pow(beta1, t));
        double bc2Sqrt = Math.sqrt(1 - StrictMath.pow(beta2, t));
        double coupled = decoupled ? 0 : weightDecay;
        double keep = decoupled ? 1 - lr * weightDecay : 1;
        if (FusedPass.applicable(param, grad, m, v, vmax)) {
            fused(param, grad, m, v, vmax, beta1, beta2, eps, coupled, keep, stepSize, bc2Sqrt, maximize);
        } else {
            INDArray d = PortableOps.direction(param, grad, state, maximize, coupled);
            if (keep != 1) {
                param.muli(keep);
            }
            m.muli(beta1);
            PortableOps.axpy(1 - beta1, d, m);
            INDArray denom = state.scratch("denom", param);
            PortableOps.decaySquare(v, beta2, d, denom);
            INDArray vhat = v;
            if (vmax != null) {
                Transforms.max(vmax, v, false);
                vhat = vmax;
            }
            Transforms.sqrt(denom.assign(vhat), false).divi(bc2Sqrt).addi(eps);
            PortableOps.axpy(-stepSize, d.assign(m).divi(denom), param);
        }
        state.setStep(t);
    }

    private static void fused(INDArray param, INDArray grad, INDArray m, INDArray v, @Nullable INDArray vmax,
            double beta1, double beta2, double eps, double coupled, double keep, double stepSize, double bc2Sqrt,
            boolean maximize) {
        final float b1 = (float) beta1;
        final float c1 = (float) (1 - beta1);
        final float b2 = (float) beta2;
        final float c2 = (float) (1 - beta2);
        final float e = (float) eps;
        final float wd = (float) coupled;
        final float k = (float) keep;
        final float bc2 = (float) bc2Sqrt;
        final float neg = (float) -stepSize;
        final boolean decay = keep != 1;
        final boolean ams = vmax != null;
        FusedPass.run(param, grad, m, v, vmax, (p, g, ma, va, vm, len) -> {
            FusedPass.direction(p, g, len, maximize, wd);
            if (decay) {
                for (int i = 0; i < len; i++) {
                    p[i] = p[i] * k;
                }
            }
            for (int i = 0; i < len; i++) {
                ma[i] = Math.fma(c1, g[i], b1 * ma[i]);
                va[i] = Math.fma(c2 * g[i], g[i], b2 * va[i]);
            }
            float[] vh = va;
            if (ams) {
                for (int i = 0; i < len; i++) {
                    vm[i] = Math.max(vm[i], va[i]);
                }
                vh = vm;
            }
            for (int i = 0; i < len; i++) {
                p[i] = p[i] + neg * ma[i] / ((float) Math.sqrt(vh[i]) / bc2 + e);
            }
        });
    }
}

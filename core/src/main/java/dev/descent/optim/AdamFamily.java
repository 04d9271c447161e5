package dev.descent.optim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the Adam-family adapters ({@link Nd4jAdam}, {@link Nd4jAdamW}, {@link Nd4jAmsGrad},
 * {@link Nd4jNadam}) share: they take the same six hyper-parameters
 * {@code (lr, betas, eps, weight_decay, maximize)}, validated, read and reported the same way, and
 * differ only in their ND4J kernel, defaults and which torch flags they reject.
 */
final class AdamFamily {
    /** Torch's Adam/AdamW keywords; {@code amsgrad} is listed so it can be rejected with a hint. */
    static final Set<String> KEYS = Set.of("lr", "betas", "beta1", "beta2", "eps", "weight_decay", "amsgrad",
            "maximize");

    /** Torch's NAdam keywords (NAdam has no {@code amsgrad}). */
    static final Set<String> KEYS_NO_AMSGRAD = Set.of("lr", "betas", "beta1", "beta2", "eps", "weight_decay",
            "maximize");

    /** The canonical constructor of one of the Adam-family records. */
    @FunctionalInterface
    interface Constructor<R extends UpdateRule> {
        R create(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize);
    }

    private AdamFamily() {
    }

    /** Validates like torch (and also rejects NaN and infinities). */
    static void validate(double lr, double beta1, double beta2, double eps, double weightDecay) {
        TorchArgs.lr(lr);
        TorchArgs.eps(eps);
        TorchArgs.beta(0, beta1);
        TorchArgs.beta(1, beta2);
        TorchArgs.weightDecay(weightDecay);
    }

    /** The hyper-parameters by torch name, {@code betas} as a pair, in torch's order. */
    static Map<String, Object> hyperParameters(double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean maximize) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr);
        m.put("betas", List.of(beta1, beta2));
        m.put("eps", eps);
        m.put("weight_decay", weightDecay);
        m.put("maximize", maximize);
        return m;
    }

    /**
     * A new rule from the current values with overrides {@code o} applied; the caller has already
     * checked the key names and rejected the torch flags its kernel cannot express.
     */
    static <R extends UpdateRule> R withOverrides(Map<String, Object> o, double lr, double beta1, double beta2,
            double eps, double weightDecay, boolean maximize, Constructor<R> constructor) {
        double[] b = TorchArgs.betas(o, beta1, beta2);
        return constructor.create(Hyper.number(o, "lr", lr), b[0], b[1], Hyper.number(o, "eps", eps),
                Hyper.number(o, "weight_decay", weightDecay), Hyper.flag(o, "maximize", maximize));
    }
}

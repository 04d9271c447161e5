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
interface AdamFamily extends Nd4jAdapter {
    /** Torch's Adam/AdamW keywords; {@code amsgrad} is listed so it can be rejected with a hint. */
    Set<String> KEYS = Set.of("lr", "betas", "beta1", "beta2", "eps", "weight_decay", "amsgrad", "maximize");

    /** Torch's NAdam keywords (NAdam has no {@code amsgrad}). */
    Set<String> KEYS_NO_AMSGRAD = Set.of("lr", "betas", "beta1", "beta2", "eps", "weight_decay", "maximize");

    /** The canonical constructor of one of the Adam-family records. */
    @FunctionalInterface
    interface Constructor<R extends AdamFamily> {
        R create(double lr, double beta1, double beta2, double eps, double weightDecay, boolean maximize);
    }

    double beta1();

    double beta2();

    double eps();

    double weightDecay();

    boolean maximize();

    /** Validates like torch (and also rejects NaN and infinities). */
    static void validate(double lr, double beta1, double beta2, double eps, double weightDecay) {
        TorchArgs.lr(lr);
        TorchArgs.eps(eps);
        TorchArgs.beta(0, beta1);
        TorchArgs.beta(1, beta2);
        TorchArgs.weightDecay(weightDecay);
    }

    /** The hyper-parameters by torch name, {@code betas} as a pair, in torch's order. */
    @Override
    default Map<String, Object> hyperParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr());
        m.put("betas", List.of(beta1(), beta2()));
        m.put("eps", eps());
        m.put("weight_decay", weightDecay());
        m.put("maximize", maximize());
        return m;
    }

    /**
     * A new rule from {@code current} with overrides {@code o} applied; the caller has already
     * checked the key names and rejected the torch flags its kernel cannot express.
     */
    static <R extends AdamFamily> R withOverrides(Map<String, Object> o, AdamFamily current, Constructor<R> constructor) {
        double[] b = TorchArgs.betas(o, current.beta1(), current.beta2());
        return constructor.create(Hyper.number(o, "lr", current.lr()), b[0], b[1], Hyper.number(o, "eps", current.eps()),
                Hyper.number(o, "weight_decay", current.weightDecay()), Hyper.flag(o, "maximize", current.maximize()));
    }
}

package dev.descent.optim;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What {@link Adam} and {@link AdamW} share besides the kernel: the same hyper-parameters under
 * torch's names, the same state, the same keyword handling; {@link #decoupled()} alone tells them
 * apart (where the weight decay goes, see {@link AdamKernel}).
 */
sealed interface AdamFamily extends UpdateRule permits Adam, AdamW {
    double beta1();

    double beta2();

    double eps();

    double weightDecay();

    boolean amsgrad();

    boolean maximize();

    /** AdamW's decoupled weight decay (onto the parameter) rather than Adam's coupled L2 (into the gradient). */
    boolean decoupled();

    /** The rule's own constructor, for {@link #overridden}. */
    @FunctionalInterface
    interface Constructor<R extends AdamFamily> {
        R make(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad, boolean maximize);
    }

    /** This rule with torch keyword arguments {@code o} replacing its values, made by {@code make}. */
    default <R extends AdamFamily> R overridden(Map<String, Object> o, Constructor<R> make) {
        Hyper.onlyKnown(name(), o, AdamKernel.KEYS);
        double[] b = TorchArgs.betas(o, beta1(), beta2());
        return make.make(Hyper.number(o, "lr", lr()), b[0], b[1], Hyper.number(o, "eps", eps()),
                Hyper.number(o, "weight_decay", weightDecay()), Hyper.flag(o, "amsgrad", amsgrad()),
                Hyper.flag(o, "maximize", maximize()));
    }

    @Override
    default Map<String, Object> hyperParameters() {
        return AdamKernel.hyperParameters(lr(), beta1(), beta2(), eps(), weightDecay(), amsgrad(), maximize());
    }

    @Override
    default ParamState initState(INDArray param) {
        return AdamKernel.initState(param, amsgrad());
    }

    @Override
    default void apply(INDArray param, INDArray grad, ParamState state, double stepLr) {
        AdamKernel.step(param, grad, state, stepLr, beta1(), beta2(), eps(), weightDecay(), decoupled(), amsgrad(),
                maximize());
    }
}

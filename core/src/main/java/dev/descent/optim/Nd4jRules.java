package dev.descent.optim;

/**
 * One entry point to the ND4J updaters adapted behind {@link UpdateRule}, each with torch's
 * defaults and the given learning rate. Each adapter's Javadoc states ND4J's exact rule and where
 * it differs from torch; {@link UpdateRules#create} builds the same rules by name from torch
 * keyword arguments.
 *
 * <pre>{@code
 * Optimizer opt = Optimizer.create(Nd4jRules.adam(1e-3), model.parameters());
 * }</pre>
 */
public final class Nd4jRules {
    private Nd4jRules() {
    }

    /** {@link Nd4jAdam}: ND4J's Adam, eps on the uncorrected root. */
    public static Nd4jAdam adam(double lr) {
        return Nd4jAdam.of(lr);
    }

    /** {@link Nd4jAdamW}: torch's decoupled decay (weight_decay 1e-2) around ND4J's Adam. */
    public static Nd4jAdamW adamw(double lr) {
        return Nd4jAdamW.of(lr);
    }

    /** {@link Nd4jAmsGrad}: ND4J's AMSGrad. */
    public static Nd4jAmsGrad amsgrad(double lr) {
        return Nd4jAmsGrad.of(lr);
    }

    /** {@link Nd4jNadam}: ND4J's Nadam (not torch's NAdam momentum schedule). */
    public static Nd4jNadam nadam(double lr) {
        return Nd4jNadam.of(lr);
    }

    /** {@link Nd4jRmsProp}: ND4J's RMSProp, torch's non-centered RMSprop exactly. */
    public static Nd4jRmsProp rmsprop(double lr) {
        return Nd4jRmsProp.of(lr);
    }

    /** {@link Nd4jAdaGrad}: ND4J's AdaGrad, torch's Adagrad (lr_decay 0) exactly. */
    public static Nd4jAdaGrad adagrad(double lr) {
        return Nd4jAdaGrad.of(lr);
    }

    /** {@link Nd4jAdaDelta}: ND4J's AdaDelta scaled by torch's lr, torch's Adadelta exactly. */
    public static Nd4jAdaDelta adadelta(double lr) {
        return Nd4jAdaDelta.of(lr);
    }
}

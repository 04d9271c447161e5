package dev.descent.dsl;

import dev.descent.optim.Sgd;

/**
 * {@code torch.optim.SGD}'s options, fluently: {@code sgd(0.01).momentum(0.9).nesterov()}.
 * Immutable; every call returns a new spec. Validated by {@link #build()} with torch's rules
 * (see {@link Sgd} for the exact update rule).
 */
public final class SgdSpec implements OptimizerSpec {
    private final double lr;
    private final double momentum;
    private final double dampening;
    private final double weightDecay;
    private final boolean nesterov;
    private final boolean maximize;

    SgdSpec(double lr, double momentum, double dampening, double weightDecay, boolean nesterov, boolean maximize) {
        this.lr = lr;
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
        this.maximize = maximize;
    }

    /** Momentum factor (torch {@code momentum}, default 0): {@code sgd(0.01).momentum(0.9)}. */
    public SgdSpec momentum(double value) {
        return new SgdSpec(lr, value, dampening, weightDecay, nesterov, maximize);
    }

    /** Dampening for momentum (torch {@code dampening}, default 0): {@code sgd(0.01).momentum(0.9).dampening(0.1)}. */
    public SgdSpec dampening(double value) {
        return new SgdSpec(lr, momentum, value, weightDecay, nesterov, maximize);
    }

    /** L2 penalty added to the gradient (torch {@code weight_decay}, default 0): {@code sgd(0.01).weightDecay(1e-4)}. */
    public SgdSpec weightDecay(double value) {
        return new SgdSpec(lr, momentum, dampening, value, nesterov, maximize);
    }

    /** Nesterov momentum (needs momentum > 0 and dampening 0). */
    public SgdSpec nesterov() {
        return nesterov(true);
    }

    /** Nesterov momentum on or off: {@code sgd(0.01).momentum(0.9).nesterov(true)}. */
    public SgdSpec nesterov(boolean value) {
        return new SgdSpec(lr, momentum, dampening, weightDecay, value, maximize);
    }

    /** Gradient ascent: maximise the objective instead. */
    public SgdSpec maximize() {
        return new SgdSpec(lr, momentum, dampening, weightDecay, nesterov, true);
    }

    @Override
    /** The validated update rule; throws IllegalArgumentException for a setting torch would reject. */
    public Sgd build() {
        return Sgd.builder().lr(lr).momentum(momentum).dampening(dampening).weightDecay(weightDecay).nesterov(nesterov)
                .maximize(maximize).build();
    }

    @Override
    public String toString() {
        return build().hyperParameters().toString();
    }
}

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

    public SgdSpec momentum(double value) {
        return new SgdSpec(lr, value, dampening, weightDecay, nesterov, maximize);
    }

    public SgdSpec dampening(double value) {
        return new SgdSpec(lr, momentum, value, weightDecay, nesterov, maximize);
    }

    public SgdSpec weightDecay(double value) {
        return new SgdSpec(lr, momentum, dampening, value, nesterov, maximize);
    }

    /** Nesterov momentum (needs momentum > 0 and dampening 0). */
    public SgdSpec nesterov() {
        return nesterov(true);
    }

    public SgdSpec nesterov(boolean value) {
        return new SgdSpec(lr, momentum, dampening, weightDecay, value, maximize);
    }

    /** Gradient ascent: maximise the objective instead. */
    public SgdSpec maximize() {
        return new SgdSpec(lr, momentum, dampening, weightDecay, nesterov, true);
    }

    @Override
    public Sgd build() {
        return new Sgd(lr, momentum, dampening, weightDecay, nesterov, maximize);
    }

    @Override
    public String toString() {
        return build().hyperParameters().toString();
    }
}

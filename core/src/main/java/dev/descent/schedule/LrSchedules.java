package dev.descent.schedule;

import java.util.List;

/**
 * Factories for torch's learning-rate schedulers as closed-form {@link LrSchedule}s. Every
 * argument is validated here (NaN and infinities included), with messages naming the parameter.
 *
 * <pre>{@code
 * LrSchedule s = LrSchedules.linearWarmup(500, 0.01,
 *         LrSchedules.cosine(10_000, 1e-5, LrSchedule.Unit.STEP));
 * double lr = s.lr(3e-4, step);
 * }</pre>
 */
public final class LrSchedules {
    private LrSchedules() {
    }

    /** The base rate at every step. */
    public static LrSchedule constant() {
        return new ClosedFormLr(new ConstantLr(), LrSchedule.Unit.STEP);
    }

    /** torch {@code StepLR}: {@code base * gamma^floor(t / stepSize)}; {@code stepSize >= 1}, {@code gamma > 0}. */
    public static LrSchedule step(long stepSize, double gamma, LrSchedule.Unit unit) {
        return new ClosedFormLr(new StepLr(stepSize, gamma), unit);
    }

    /**
     * torch {@code MultiStepLR}: {@code base * gamma^(number of milestones <= t)}; milestones
     * {@code >= 0} in any order (a repeated milestone applies {@code gamma} again, as in torch).
     */
    public static LrSchedule multiStep(List<Long> milestones, double gamma, LrSchedule.Unit unit) {
        return new ClosedFormLr(new MultiStepLr(milestones, gamma), unit);
    }

    /** torch {@code ExponentialLR}: {@code base * gamma^t}; {@code gamma > 0}. */
    public static LrSchedule exponential(double gamma, LrSchedule.Unit unit) {
        return new ClosedFormLr(new ExponentialLr(gamma), unit);
    }

    /**
     * torch {@code CosineAnnealingLR} (closed form):
     * {@code etaMin + (base - etaMin) * (1 + cos(pi * t / tMax)) / 2}; reaches {@code etaMin} at
     * {@code t = tMax}. {@code tMax >= 1}, {@code etaMin >= 0}.
     */
    public static LrSchedule cosine(long tMax, double etaMin, LrSchedule.Unit unit) {
        return new ClosedFormLr(new CosineLr(tMax, etaMin), unit);
    }

    /**
     * torch {@code CosineAnnealingWarmRestarts}: cosine cycles of {@code t0, t0 * tMult,
     * t0 * tMult^2, ...}, restarting at the base rate. {@code t0 >= 1}, {@code tMult >= 1}
     * (an integer, as torch requires), {@code etaMin >= 0}.
     */
    public static LrSchedule cosineWarmRestarts(long t0, int tMult, double etaMin, LrSchedule.Unit unit) {
        return new ClosedFormLr(new CosineWarmRestartsLr(t0, tMult, etaMin), unit);
    }

    /**
     * torch {@code LinearLR} warm-up from {@code startFactor * base} to {@code base} over
     * {@code warmupSteps} (counted in {@code after}'s unit), then {@code after} with its counter
     * starting at 0 when the warm-up ends. {@code warmupSteps >= 1}, {@code startFactor} in (0, 1].
     */
    public static LrSchedule linearWarmup(long warmupSteps, double startFactor, LrSchedule after) {
        return new LinearWarmupLr(warmupSteps, startFactor, after);
    }

    /**
     * torch {@code ReduceLROnPlateau(mode, factor, patience, threshold, threshold_mode='rel',
     * cooldown, min_lr)}; observed once per epoch. {@code factor} in [0, 1), {@code patience},
     * {@code cooldown} {@code >= 0}, {@code threshold}, {@code minLr} finite {@code >= 0}. Torch's
     * defaults are {@code (MIN, 0.1, 10, 1e-4, 0, 0)}.
     */
    public static ReduceLrOnPlateau reduceOnPlateau(ReduceLrOnPlateau.Mode mode, double factor, int patience,
            double threshold, int cooldown, double minLr) {
        return new ReduceLrOnPlateau(mode, factor, patience, threshold, cooldown, minLr);
    }
}

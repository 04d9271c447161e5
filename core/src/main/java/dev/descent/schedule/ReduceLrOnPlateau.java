package dev.descent.schedule;

import java.util.Map;

/**
 * torch {@code ReduceLROnPlateau} with {@code threshold_mode='rel'}: multiplies the rate by
 * {@code factor} when the observed metric has not improved for more than {@code patience}
 * observations, then waits {@code cooldown} observations before counting again.
 *
 * <p>Per {@link #observe(long, double)} (torch's {@code step(metrics)}):
 * <pre>
 *   improved = mode == MIN ? metric &lt; best * (1 - threshold) : metric &gt; best * (1 + threshold)
 *   if improved: best = metric, numBadEpochs = 0 else numBadEpochs += 1
 *   if cooldownCounter &gt; 0: cooldownCounter -= 1, numBadEpochs = 0
 *   if numBadEpochs &gt; patience: reduce, cooldownCounter = cooldown, numBadEpochs = 0
 * </pre>
 * where a reduction sets {@code lr = max(lr * factor, minLr)} unless that changes it by no more
 * than torch's {@code eps = 1e-8}. {@link #lr(double, long)} replays the recorded reductions on the
 * base rate, so {@code t} does not matter. Like torch, a NaN metric never counts as an
 * improvement. Mutable and not thread-safe; checkpoint it with {@link #state()} and
 * {@link #restore(PlateauState)}.
 *
 * <pre>{@code
 * ReduceLrOnPlateau plateau = LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MIN, 0.1, 10, 1e-4, 0, 0.0);
 * plateau.observe(epoch, validationLoss);
 * opt.setLr(0, plateau.lr(opt.baseLr(0), epoch));
 * }</pre>
 */
public final class ReduceLrOnPlateau implements LrSchedule {

    /** Whether a lower ({@code MIN}, e.g. a loss) or higher ({@code MAX}, e.g. accuracy) metric is better. */
    public enum Mode {
        MIN, MAX
    }

    /** torch's minimal change for a reduction to take effect. */
    static final double EPS = 1e-8;

    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final int cooldown;
    private final double minLr;

    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int reductions;

    ReduceLrOnPlateau(Mode mode, double factor, int patience, double threshold, int cooldown, double minLr) {
        this.mode = Check.notNull("mode", mode);
        if (!(factor >= 0 && factor < 1)) {
            throw new IllegalArgumentException("Invalid factor: " + factor
                    + " (factor must lie in [0, 1), e.g. 0.1; torch: 'Factor should be < 1.0.')");
        }
        Check.nonNegative("patience", patience);
        Check.nonNegativeFinite("threshold", threshold);
        Check.nonNegative("cooldown", cooldown);
        Check.nonNegativeFinite("minLr", minLr);
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.best = worst();
    }

    private double worst() {
        return mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Metric-driven schedules are observed once per epoch. */
    @Override
    public Unit unit() {
        return Unit.EPOCH;
    }

    @Override
    public double lr(double baseLr, long t) {
        Check.baseLr(baseLr);
        Check.t(t);
        double lr = baseLr;
        for (int i = 0; i < reductions; i++) {
            double next = Math.max(lr * factor, minLr);
            if (!(lr - next > EPS)) {
                break; // torch leaves the rate alone; every later reduction would too
            }
            lr = next;
        }
        return lr;
    }

    @Override
    public void observe(long t, double metric) {
        Check.t(t);
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > patience) {
            reductions++;
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
    }

    private boolean isBetter(double metric) {
        return mode == Mode.MIN ? metric < best * (1 - threshold) : metric > best * (threshold + 1);
    }

    /** A snapshot for checkpoints. */
    @Override
    public Map<String, Double> exportState() {
        PlateauState s = state();
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("best", s.best());
        m.put("numBadEpochs", (double) s.numBadEpochs());
        m.put("cooldownCounter", (double) s.cooldownCounter());
        m.put("reductions", (double) s.reductions());
        return m;
    }

    /**
     * Restores what {@link #exportState()} returned; a missing entry takes its initial value (no best
     * yet, zero counters).
     *
     * @throws IllegalArgumentException if a counter is not a whole number {@code >= 0} or the state
     *     does not fit this schedule's configuration (see {@link #restore(PlateauState)})
     */
    @Override
    public void importState(Map<String, Double> m) {
        restore(new PlateauState(m.getOrDefault("best", worst()), counter(m, "numBadEpochs"),
                counter(m, "cooldownCounter"), counter(m, "reductions")));
    }

    private static int counter(Map<String, Double> m, String key) {
        double v = m.getOrDefault(key, 0.0);
        if (!(v >= 0 && v <= Integer.MAX_VALUE && v == Math.rint(v))) {
            throw new IllegalArgumentException("Invalid plateau state: " + key + "=" + v
                    + " (a counter is a whole number >= 0); restore a state exported by ReduceLrOnPlateau");
        }
        return (int) v;
    }

    public PlateauState state() {
        return new PlateauState(best, numBadEpochs, cooldownCounter, reductions);
    }

    /** Resumes from a snapshot taken with {@link #state()}. */
    public void restore(PlateauState s) {
        if (s.cooldownCounter() > cooldown) {
            throw new IllegalArgumentException("Invalid plateau state: cooldownCounter=" + s.cooldownCounter()
                    + " exceeds this schedule's cooldown " + cooldown + "; restore a state saved from the same configuration");
        }
        best = s.best();
        numBadEpochs = s.numBadEpochs();
        cooldownCounter = s.cooldownCounter();
        reductions = s.reductions();
    }

    /** {@code factor^reductions}: the multiplier on the base rate, before the {@code minLr} floor. */
    public double currentFactor() {
        return Math.pow(factor, reductions);
    }

    public Mode mode() {
        return mode;
    }

    public double factor() {
        return factor;
    }

    public int patience() {
        return patience;
    }

    public double threshold() {
        return threshold;
    }

    public int cooldown() {
        return cooldown;
    }

    public double minLr() {
        return minLr;
    }

    @Override
    public String toString() {
        return "ReduceLrOnPlateau[mode=" + mode + ", factor=" + factor + ", patience=" + patience + ", threshold="
                + threshold + ", cooldown=" + cooldown + ", minLr=" + minLr + ", state=" + state() + "]";
    }
}

package dev.descent.train;

import java.util.Locale;
import java.util.Objects;

/**
 * Stops a run when a per-epoch value stops improving, as Keras's {@code EarlyStopping} callback:
 * after every epoch the monitored value (the epoch's mean training {@code loss}, or any value the
 * epoch recorded, such as {@code val_loss} or {@code val_accuracy}) is compared with the best so
 * far. It improves when it is below {@code best - minDelta} (mode MIN) or above
 * {@code best + minDelta} (mode MAX); a NaN never improves. After {@code patience} epochs in a row
 * without improvement the run stops (Keras's count: 0 and 1 both stop at the first such epoch); with {@code restoreBest}, the parameters of the best epoch are
 * put back first. Immutable; validated by the canonical constructor.
 *
 * <pre>{@code
 * EarlyStopping.on("val_loss").patience(5).minDelta(1e-4).restoreBest()
 * EarlyStopping.on("val_accuracy").mode(EarlyStopping.Mode.MAX).patience(3)
 * }</pre>
 *
 * <p>Where Keras differs: Keras counts the epochs of one {@code fit} call, this counts those of the
 * run (a {@code fit} that continues a run keeps counting); Keras's {@code baseline} and
 * {@code start_from_epoch} are not offered; Keras's {@code mode="auto"} picks MAX for names
 * containing {@code acc}, and AUTO here picks MAX for names containing {@code acc} or ending in
 * {@code r2} (accuracy, top-k accuracy, R²), MIN otherwise. As in Keras, the best parameters are
 * restored only when early stopping ends the run, not when the run reaches its length first. The
 * counters (best value, epochs without improvement, best parameters) live in the trainer and are
 * not part of a checkpoint: a resumed run starts counting afresh.
 *
 * @param monitor     the value watched: {@code loss} or a name an epoch records ({@code val_loss}, {@code val_<metric>})
 * @param patience    the epochs in a row without improvement after which the run stops (0 or 1: the first)
 * @param minDelta    the least change that counts as an improvement (>= 0)
 * @param mode        whether lower (MIN) or higher (MAX) is better, or AUTO from the name
 * @param restoreBestWeights whether to put back the best epoch's parameters when stopping
 */
public record EarlyStopping(String monitor, int patience, double minDelta, Mode mode, boolean restoreBestWeights) {
    /** Whether lower or higher values are better. */
    public enum Mode {
        MIN, MAX, AUTO
    }

    public EarlyStopping {
        Objects.requireNonNull(monitor, "monitor");
        Objects.requireNonNull(mode, "mode");
        if (monitor.isBlank()) {
            throw new IllegalArgumentException("Invalid early-stopping monitor '" + monitor + "': name the value to watch,"
                    + " e.g. \"val_loss\", \"val_accuracy\" or \"loss\"");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("Invalid early-stopping patience: " + patience
                    + " (must be >= 0: the epochs without improvement after which the run stops), e.g. patience(5)");
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("Invalid early-stopping minDelta: " + minDelta
                    + " (must be a finite number >= 0, the least change that counts as an improvement), e.g. minDelta(1e-4)");
        }
    }

    /** Watches {@code monitor} with patience 0, minDelta 0, mode AUTO, without restoring the best parameters. */
    public static EarlyStopping on(String monitor) {
        return new EarlyStopping(monitor, 0, 0.0, Mode.AUTO, false);
    }

    public EarlyStopping patience(int epochs) {
        return new EarlyStopping(monitor, epochs, minDelta, mode, restoreBestWeights);
    }

    public EarlyStopping minDelta(double delta) {
        return new EarlyStopping(monitor, patience, delta, mode, restoreBestWeights);
    }

    public EarlyStopping mode(Mode value) {
        return new EarlyStopping(monitor, patience, minDelta, value, restoreBestWeights);
    }

    /** Puts back the parameters of the best epoch when early stopping ends the run. */
    public EarlyStopping restoreBest() {
        return new EarlyStopping(monitor, patience, minDelta, mode, true);
    }

    /** Whether higher values are better: MAX, or AUTO for a name containing {@code acc} or ending in {@code r2}. */
    public boolean higherIsBetter() {
        if (mode != Mode.AUTO) {
            return mode == Mode.MAX;
        }
        String m = monitor.toLowerCase(Locale.ROOT);
        return m.contains("acc") || m.endsWith("r2");
    }
}

package dev.descent.dsl.progress;

import java.io.PrintStream;
import java.util.Map;
import java.util.Objects;

/**
 * Receives progress from long-running work (a training loop) and shows it.
 *
 * <p>Lifecycle: {@link #start(long, String)}, any number of {@link #update} calls with the number of
 * units done so far (0..total), then {@link #finish()} (or {@link #close()}, which is the same). A
 * reporter may be started again after it finished. Output goes to the {@link PrintStream} given to
 * the factory; the default is {@code System.err}, never {@code System.out}. Methods are safe to call
 * from several threads.
 *
 * <pre>{@code
 * try (ProgressReporter progress = ProgressReporter.auto()) {
 *     progress.start(2000, "step");
 *     for (int step = 1; step <= 2000; step++) {
 *         double loss = trainOneStep();
 *         progress.update(step, loss, Map.of("lr", 0.1));
 *     }
 * }
 * }</pre>
 */
public interface ProgressReporter extends AutoCloseable {

    /** How a reporter shows progress. */
    enum Mode {
        /** A redrawing bar (with rate and ETA) for interactive terminals. */
        BAR,
        /** One plain line per {@link LineInterval}, no carriage returns: logs, CI, IDE consoles. */
        LINES,
        /** Nothing at all. */
        QUIET
    }

    /**
     * Begins a run of {@code totalSteps} units called {@code unit} (singular, e.g. "step",
     * "epoch", "batch").
     *
     * @throws IllegalArgumentException if totalSteps &lt; 1 or unit is blank
     * @throws IllegalStateException if already started and not finished
     */
    void start(long totalSteps, String unit);

    /**
     * Reports that {@code done} units are complete, with the latest loss (NaN is shown as NaN) and
     * other metrics, shown in the map's iteration order (pass a LinkedHashMap for a fixed order).
     *
     * @throws IllegalArgumentException if done is outside 0..totalSteps
     * @throws IllegalStateException if not started
     */
    void update(long done, double loss, Map<String, Double> extra);

    /** {@link #update(long, double, Map)} without extra metrics. */
    default void update(long done, double loss) {
        update(done, loss, Map.of());
    }

    /** Ends the run (prints a summary in line mode, completes the bar). Does nothing if not running. */
    void finish();

    /** The display mode, as chosen by the factory. */
    Mode mode();

    /** Same as {@link #finish()}. */
    @Override
    default void close() {
        finish();
    }

    /** {@link #auto(PrintStream)} on {@code System.err}. */
    static ProgressReporter auto() {
        return auto(System.err);
    }

    /**
     * A bar when {@code out} is {@code System.err} or {@code System.out} and the process is on an
     * interactive terminal ({@link Terminal#isInteractive()}), plain lines otherwise (files, pipes,
     * CI).
     */
    static ProgressReporter auto(PrintStream out) {
        Objects.requireNonNull(out, "out");
        boolean standard = out == System.err || out == System.out;
        return auto(out, standard ? Terminal.system() : Terminal.of(false, Map.of()), LineInterval.DEFAULT);
    }

    /** A bar when {@code terminal} is interactive, otherwise lines at {@code interval}. */
    static ProgressReporter auto(PrintStream out, Terminal terminal, LineInterval interval) {
        Objects.requireNonNull(terminal, "terminal");
        return terminal.isInteractive() ? bar(out) : lines(out, interval);
    }

    /** Always a redrawing bar (me.tongfei progressbar) on {@code out}. */
    static ProgressReporter bar(PrintStream out) {
        return new BarReporter(Objects.requireNonNull(out, "out"), BarReporter.AUTO_WIDTH, System::nanoTime);
    }

    /** Plain lines on {@code out} at {@link LineInterval#DEFAULT}. */
    static ProgressReporter lines(PrintStream out) {
        return lines(out, LineInterval.DEFAULT);
    }

    /** Plain lines on {@code out} at {@code interval}. */
    static ProgressReporter lines(PrintStream out, LineInterval interval) {
        return new LineReporter(Objects.requireNonNull(out, "out"),
                Objects.requireNonNull(interval, "interval"), System::nanoTime);
    }

    /** Prints nothing (but still checks the call sequence, so bugs do not hide behind it). */
    static ProgressReporter quiet() {
        return new QuietReporter(System::nanoTime);
    }
}

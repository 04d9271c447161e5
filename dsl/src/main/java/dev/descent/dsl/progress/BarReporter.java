package dev.descent.dsl.progress;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.jspecify.annotations.Nullable;

/**
 * {@link ProgressReporter#bar}: me.tongfei's redrawing bar, which adds the percentage, elapsed
 * time, ETA and rate itself; the loss and extra metrics go in its extra message.
 */
final class BarReporter extends AbstractReporter {
    /** Let the bar library ask the terminal for its width. */
    static final int AUTO_WIDTH = -1;
    static final int REFRESH_MILLIS = 200;
    static final int MIN_WIDTH = 40;
    static final int FALLBACK_WIDTH = 100;

    private final PrintStream out;
    private final int width;
    private @Nullable ProgressBar bar;

    BarReporter(PrintStream out, int width, LongSupplier nanoClock) {
        super(nanoClock);
        this.out = out;
        this.width = width;
    }

    @Override
    public Mode mode() {
        return Mode.BAR;
    }

    @Override
    void onStart() {
        ConsoleProgressBarConsumer consumer = width > 0
                ? new ConsoleProgressBarConsumer(out, width)
                : new ConsoleProgressBarConsumer(out) {
                    @Override
                    public int getMaxRenderedLength() {
                        // jline reports 0 when it cannot size the terminal (e.g. a forced bar on a
                        // pipe); the bar would then collapse to one character.
                        int detected = super.getMaxRenderedLength();
                        return detected < MIN_WIDTH ? FALLBACK_WIDTH : detected;
                    }
                };
        bar = new ProgressBarBuilder()
                .setTaskName("")
                .setInitialMax(total)
                .setUnit(" " + Formats.plural(unit), 1)
                .showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .setUpdateIntervalMillis(REFRESH_MILLIS)
                .setConsumer(consumer)
                .build();
    }

    @Override
    void onUpdate() {
        ProgressBar b = bar;
        if (b != null) {
            b.stepTo(done);
            b.setExtraMessage(" " + metrics()); // the library appends it right after "steps/s"
        }
    }

    @Override
    void onFinish() {
        ProgressBar b = bar;
        if (b != null) {
            bar = null;
            b.close(); // renders the final state, ends the line and stops the refresh thread
        }
    }
}

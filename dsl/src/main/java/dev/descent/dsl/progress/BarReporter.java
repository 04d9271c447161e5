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
    private @Nullable LineEndingConsumer consumer;

    BarReporter(PrintStream out, int width, LongSupplier nanoClock) {
        super(Mode.BAR, nanoClock);
        this.out = out;
        this.width = width;
    }

    @Override
    void onStart() {
        LineEndingConsumer consumer = new LineEndingConsumer(out, width);
        bar = new ProgressBarBuilder()
                .setTaskName("")
                .setInitialMax(total)
                .setUnit(" " + Formats.plural(unit), 1)
                .showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
                .setStyle(ProgressBarStyle.UNICODE_BLOCK)
                .setUpdateIntervalMillis(REFRESH_MILLIS)
                .setConsumer(consumer)
                .build();
        this.consumer = consumer;
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
            b.close(); // renders the final state and waits for that render
            LineEndingConsumer c = consumer;
            if (c != null && !c.closed) {
                // close() only ends the line if the bar's first periodic refresh already ran; when
                // the run finished before that (a fast run on a busy machine), its final render is
                // that "first" refresh, which leaves the line open
                c.close();
            }
        }
    }

    /** The console consumer, remembering whether the bar ended its line, and sizing itself when asked to. */
    private static final class LineEndingConsumer extends ConsoleProgressBarConsumer {
        private final boolean autoWidth;
        volatile boolean closed;

        LineEndingConsumer(PrintStream out, int width) {
            super(out, width); // a width <= 0: the library asks the terminal
            this.autoWidth = width <= 0;
        }

        @Override
        public int getMaxRenderedLength() {
            int length = super.getMaxRenderedLength();
            // jline reports 0 when it cannot size the terminal (e.g. a forced bar on a pipe); the
            // bar would then collapse to one character
            return autoWidth && length < MIN_WIDTH ? FALLBACK_WIDTH : length;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                super.close();
            }
        }
    }
}

package dev.descent.dsl.progress;

import java.io.PrintStream;
import java.util.function.LongSupplier;

/**
 * {@link ProgressReporter#lines}: one self-contained line per interval, suitable for log files and
 * CI output where carriage returns and ANSI codes turn into garbage. Example:
 * {@code step 400/2000 (20%) loss 0.1234 12.3 steps/s ETA 00:01:05}.
 */
final class LineReporter extends AbstractReporter {
    private final PrintStream out;
    private final LineInterval interval;
    private long lastBucket;
    private long lastPrintNanos;
    private long lastPrintedDone;

    LineReporter(PrintStream out, LineInterval interval, LongSupplier nanoClock) {
        super(Mode.LINES, nanoClock);
        this.out = out;
        this.interval = interval;
    }

    @Override
    void onStart() {
        lastBucket = 0;
        lastPrintNanos = startNanos;
        lastPrintedDone = -1;
    }

    @Override
    void onUpdate() {
        long now = now();
        long bucket = (long) Math.floor(done * 100.0 / total / interval.percent() + 1e-9);
        boolean percentDue = bucket > lastBucket;
        boolean timeDue = !interval.time().isZero() && now - lastPrintNanos >= interval.time().toNanos();
        boolean last = done == total && lastPrintedDone != done;
        if (percentDue || timeDue || last) {
            lastBucket = Math.max(lastBucket, bucket);
            lastPrintNanos = now;
            lastPrintedDone = done;
            print(progressLine(now));
        }
    }

    @Override
    void onFinish() {
        long now = now();
        double rate = rate(now);
        StringBuilder sb = new StringBuilder();
        String units = Formats.plural(unit);
        if (done == total) {
            sb.append("done: ").append(total).append(' ').append(units).append(" in ");
        } else {
            sb.append("stopped: ").append(done).append('/').append(total).append(' ').append(units)
                    .append(" (").append(percent()).append("%) after ");
        }
        sb.append(Formats.duration((now - startNanos) / 1e9));
        if (!Double.isNaN(rate)) {
            sb.append(" (").append(Formats.rate(rate)).append(' ').append(units).append("/s)");
        }
        String metrics = metrics();
        if (!metrics.isEmpty()) {
            sb.append(' ').append(metrics);
        }
        print(sb.toString());
    }

    private String progressLine(long now) {
        StringBuilder sb = new StringBuilder()
                .append(unit).append(' ').append(done).append('/').append(total)
                .append(" (").append(percent()).append("%) ").append(metrics());
        double rate = rate(now);
        if (!Double.isNaN(rate)) {
            sb.append(' ').append(Formats.rate(rate)).append(' ').append(Formats.plural(unit)).append("/s");
            if (done < total) {
                sb.append(" ETA ").append(Formats.duration((total - done) / rate));
            }
        }
        return sb.toString();
    }

    private long percent() {
        return done * 100 / total; // floor: never shows 100% before the end
    }

    private void print(String line) {
        out.println(line);
        out.flush();
    }
}

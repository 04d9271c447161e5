package dev.descent.dsl.progress;

import java.time.Duration;
import java.util.Objects;

/**
 * How often the line mode of {@link ProgressReporter} prints: whenever progress crosses another
 * multiple of {@code percent}, and also whenever {@code time} has passed since the last line (so a
 * slow run still shows signs of life). {@link Duration#ZERO} turns the time trigger off. The final
 * step always prints.
 *
 * <pre>{@code
 * ProgressReporter.lines(System.err, new LineInterval(5, Duration.ofMinutes(1)));
 * }</pre>
 *
 * @param percent progress between lines, in (0, 100]
 * @param time longest silence between lines, non-negative; zero disables
 */
public record LineInterval(double percent, Duration time) {
    /** 10% steps, and at least every 30 seconds. */
    public static final LineInterval DEFAULT = new LineInterval(10, Duration.ofSeconds(30));

    public LineInterval {
        Objects.requireNonNull(time, "time");
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("LineInterval percent must be in (0, 100], got " + percent
                    + "; e.g. 10 prints at 10%, 20%, ...");
        }
        if (time.isNegative()) {
            throw new IllegalArgumentException("LineInterval time must not be negative, got " + time
                    + "; use Duration.ZERO to print on percent steps only");
        }
    }
}

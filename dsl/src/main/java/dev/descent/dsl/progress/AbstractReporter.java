package dev.descent.dsl.progress;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The shared call-sequence contract of all modes (so a quiet run fails the same way a loud one
 * would) and the state every display needs. Subclasses only render.
 */
abstract class AbstractReporter implements ProgressReporter {
    private final Mode mode;
    private final LongSupplier nanoClock;

    private boolean running;
    long total;
    String unit = "";
    long startNanos;
    long done;
    double loss = Double.NaN;
    Map<String, Double> extra = Map.of();
    boolean updated;

    AbstractReporter(Mode mode, LongSupplier nanoClock) {
        this.mode = mode;
        this.nanoClock = nanoClock;
    }

    @Override
    public final Mode mode() {
        return mode;
    }

    long now() {
        return nanoClock.getAsLong();
    }

    @Override
    public final synchronized void start(long totalSteps, String unit) {
        Objects.requireNonNull(unit, "unit");
        if (running) {
            throw new IllegalStateException("Progress already started (" + done + "/" + total + " "
                    + Formats.plural(this.unit) + "); call finish() before starting again");
        }
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be at least 1, got " + totalSteps);
        }
        if (unit.isBlank()) {
            throw new IllegalArgumentException("unit must not be blank, got '" + unit
                    + "'; pass e.g. \"step\" or \"epoch\"");
        }
        this.total = totalSteps;
        this.unit = unit.strip();
        this.startNanos = now();
        this.done = 0;
        this.loss = Double.NaN;
        this.extra = Map.of();
        this.updated = false;
        this.running = true;
        onStart();
    }

    @Override
    public final synchronized void update(long done, double loss, Map<String, Double> extra) {
        Objects.requireNonNull(extra, "extra");
        if (!running) {
            throw new IllegalStateException("update(" + done + ", ...) before start(); call start(total, unit) first");
        }
        if (done < 0 || done > total) {
            throw new IllegalArgumentException("done must be in 0.." + total + ", got " + done
                    + "; pass the number of " + Formats.plural(unit) + " completed so far");
        }
        this.done = done;
        this.loss = loss;
        this.extra = extra.isEmpty() ? Map.of() : new LinkedHashMap<>(extra);
        this.updated = true;
        onUpdate();
    }

    @Override
    public final synchronized void finish() {
        if (!running) {
            return;
        }
        running = false;
        onFinish();
    }

    abstract void onStart();

    abstract void onUpdate();

    abstract void onFinish();

    /** "loss 0.1234 acc 0.9500", or "" before the first update. */
    String metrics() {
        if (!updated) {
            return "";
        }
        StringBuilder sb = new StringBuilder("loss ").append(Formats.value(loss));
        extra.forEach((k, v) -> sb.append(' ').append(k).append(' ').append(Formats.value(v)));
        return sb.toString();
    }

    /** Units per second since start, or NaN when no time has passed or nothing is done yet. */
    double rate(long nowNanos) {
        double seconds = (nowNanos - startNanos) / 1e9;
        return seconds > 0 && done > 0 ? done / seconds : Double.NaN;
    }
}

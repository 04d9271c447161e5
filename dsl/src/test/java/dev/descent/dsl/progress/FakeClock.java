package dev.descent.dsl.progress;

import java.util.function.LongSupplier;

/** Manually advanced nanosecond clock. */
final class FakeClock implements LongSupplier {
    private long nanos = 1_000_000_000L;

    @Override
    public long getAsLong() {
        return nanos;
    }

    void advanceMillis(long millis) {
        nanos += millis * 1_000_000L;
    }
}

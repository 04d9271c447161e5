package dev.descent.dsl.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LineReporterTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final FakeClock clock = new FakeClock();

    private List<String> lines() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : List.of(text.split("\n", -1)).subList(0, text.split("\n", -1).length - 1);
    }

    @Test
    void printsOneCleanLinePerPercentStep() {
        LineReporter r = new LineReporter(out, new LineInterval(20, Duration.ZERO), clock);
        r.start(2000, "step");
        for (int step = 1; step <= 2000; step++) {
            clock.advanceMillis(10); // 100 steps/s
            r.update(step, 1.0 / step);
        }
        r.finish();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), "line mode must not use carriage returns");
        assertFalse(text.contains("\u001b"), "line mode must not use ANSI escapes");
        List<String> lines = lines();
        assertEquals(List.of(
                "step 400/2000 (20%) loss 0.0025 100 steps/s ETA 00:00:16",
                "step 800/2000 (40%) loss 0.0013 100 steps/s ETA 00:00:12",
                "step 1200/2000 (60%) loss 8.333e-04 100 steps/s ETA 00:00:08",
                "step 1600/2000 (80%) loss 6.250e-04 100 steps/s ETA 00:00:04",
                "step 2000/2000 (100%) loss 5.000e-04 100 steps/s",
                "done: 2000 steps in 00:00:20 (100 steps/s) loss 5.000e-04"), lines);
    }

    @Test
    void timeIntervalPrintsDuringSlowProgress() {
        LineReporter r = new LineReporter(out, new LineInterval(50, Duration.ofSeconds(30)), clock);
        r.start(10, "epoch");
        clock.advanceMillis(29_000);
        r.update(1, 0.5);
        assertEquals(0, lines().size(), "neither 50% nor 30 s reached yet");
        clock.advanceMillis(2_000);
        r.update(2, 0.25, Map.of("acc", 0.8));
        assertEquals(List.of("epoch 2/10 (20%) loss 0.2500 acc 0.8000 0.06 epochs/s ETA 00:02:04"), lines());
        clock.advanceMillis(5_000);
        r.update(3, 0.2);
        assertEquals(1, lines().size(), "only 5 s since the last line");
    }

    @Test
    void extrasKeepInsertionOrderAndNaNIsShown() {
        LineReporter r = new LineReporter(out, new LineInterval(100, Duration.ZERO), clock);
        r.start(4, "batch");
        Map<String, Double> extra = new LinkedHashMap<>();
        extra.put("lr", 0.1);
        extra.put("acc", 0.5);
        clock.advanceMillis(1000);
        r.update(4, Double.NaN, extra);
        assertEquals("batch 4/4 (100%) loss NaN lr 0.1000 acc 0.5000 4.00 batches/s", lines().get(0));
    }

    @Test
    void earlyFinishSaysStopped() {
        LineReporter r = new LineReporter(out, LineInterval.DEFAULT, clock);
        r.start(100, "step");
        clock.advanceMillis(2000);
        r.update(5, 0.3);
        r.finish();
        assertEquals(List.of("stopped: 5/100 steps (5%) after 00:00:02 (2.50 steps/s) loss 0.3000"), lines());
    }

    @Test
    void closeFinishesAndCanRestart() {
        try (LineReporter r = new LineReporter(out, LineInterval.DEFAULT, clock)) {
            r.start(1, "epoch");
            r.update(1, 2.0);
        }
        assertEquals(2, lines().size());
        assertTrue(lines().get(1).startsWith("done: 1 epochs in "), lines().get(1));
    }

    @Test
    void callSequenceIsChecked() {
        LineReporter r = new LineReporter(out, LineInterval.DEFAULT, clock);
        assertThrows(IllegalStateException.class, () -> r.update(1, 0.1));
        assertThrows(IllegalArgumentException.class, () -> r.start(0, "step"));
        assertThrows(IllegalArgumentException.class, () -> r.start(10, " "));
        r.start(10, "step");
        assertThrows(IllegalStateException.class, () -> r.start(10, "step"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.update(11, 0.1));
        assertTrue(e.getMessage().contains("0..10"), e.getMessage());
        r.finish();
        r.finish(); // idempotent
        r.start(3, "step"); // restart after finish is allowed
    }

    @Test
    void intervalIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> new LineInterval(0, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new LineInterval(101, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new LineInterval(Double.NaN, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new LineInterval(10, Duration.ofSeconds(-1)));
    }
}

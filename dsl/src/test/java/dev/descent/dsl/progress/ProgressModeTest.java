package dev.descent.dsl.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.dsl.progress.ProgressReporter.Mode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressModeTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private Mode modeFor(boolean console, Map<String, String> env) {
        return ProgressReporter.auto(out, Terminal.of(console, env), LineInterval.DEFAULT).mode();
    }

    @Test
    void interactiveTerminalGetsABar() {
        assertEquals(Mode.BAR, modeFor(true, Map.of("TERM", "xterm-256color")));
        assertEquals(Mode.BAR, modeFor(true, Map.of())); // Windows consoles have no TERM
        assertEquals(Mode.BAR, modeFor(true, Map.of("TERM", "xterm", "CI", "false")));
    }

    @Test
    void everythingElseGetsLines() {
        assertEquals(Mode.LINES, modeFor(false, Map.of("TERM", "xterm")));
        assertEquals(Mode.LINES, modeFor(true, Map.of("TERM", "dumb")));
        assertEquals(Mode.LINES, modeFor(true, Map.of("TERM", "xterm", "CI", "true")));
        assertEquals(Mode.LINES, modeFor(true, Map.of("CI", "1")));
    }

    @Test
    void nonStandardStreamNeverGetsABar() {
        // The process may well be on a terminal, but this stream is not it.
        assertEquals(Mode.LINES, ProgressReporter.auto(out).mode());
    }

    @Test
    void quietPrintsNothingButChecksCalls() {
        PrintStream realErr = System.err;
        PrintStream realOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(capture);
        System.setOut(capture);
        try (ProgressReporter q = ProgressReporter.quiet()) {
            assertEquals(Mode.QUIET, q.mode());
            q.start(10, "step");
            for (int i = 1; i <= 10; i++) {
                q.update(i, 1.0 / i, Map.of("acc", 0.9));
            }
            assertThrows(IllegalArgumentException.class, () -> q.update(11, 0));
        } finally {
            System.setErr(realErr);
            System.setOut(realOut);
        }
        assertEquals(0, captured.size());
    }

    @Test
    void barShowsCountsAndLoss() {
        BarReporter bar = new BarReporter(out, 120, System::nanoTime);
        assertEquals(Mode.BAR, bar.mode());
        bar.start(50, "step");
        for (int i = 1; i <= 50; i++) {
            bar.update(i, 0.1234, Map.of("acc", 0.75));
        }
        bar.finish();
        String text = bytes.toString(StandardCharsets.UTF_8);
        String last = text.substring(text.lastIndexOf('\r') + 1);
        assertTrue(last.contains("50/50 steps"), last);
        assertTrue(last.contains("100%"), last);
        assertTrue(last.contains("loss 0.1234 acc 0.7500"), last);
        assertTrue(text.endsWith(System.lineSeparator()), "bar must end its line on finish");
    }

    /**
     * A run that finishes before the bar library's first periodic refresh (a race its close()
     * loses: the line stayed open, and the next output ran on from the bar); repeated, since the
     * race depends on when the library's refresh thread gets to run.
     */
    @Test
    void barEndsItsLineEvenWhenTheRunEndsBeforeTheFirstRefresh() {
        for (int run = 0; run < 200; run++) {
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            PrintStream p = new PrintStream(b, true, StandardCharsets.UTF_8);
            BarReporter bar = new BarReporter(p, 120, System::nanoTime);
            bar.start(3, "step");
            bar.update(3, 0.5, Map.of());
            bar.finish();
            String text = b.toString(StandardCharsets.UTF_8);
            assertTrue(text.endsWith(System.lineSeparator()), "run " + run + ": bar must end its line: " + text);
            assertTrue(text.contains("3/3 steps"), "run " + run + ": final state rendered: " + text);
        }
    }

    @Test
    void terminalRulesCanBeQueriedDirectly() {
        assertTrue(Terminal.of(true, Map.of()).isInteractive());
        assertFalse(Terminal.of(true, Map.of("CI", "yes")).isInteractive());
    }
}

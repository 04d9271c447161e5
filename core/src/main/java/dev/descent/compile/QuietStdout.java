package dev.descent.compile;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SameDiff calls that print progress lines on {@code System.out} (such as "Added
 * differentiated op ...") and sends those lines to the debug log instead of the user's stdout.
 */
final class QuietStdout {
    private static final Logger LOG = LoggerFactory.getLogger(QuietStdout.class);
    private static final Object LOCK = new Object();

    private QuietStdout() {
    }

    static <T> T call(Supplier<T> action) {
        synchronized (LOCK) {
            PrintStream original = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                return action.get();
            } finally {
                System.setOut(original);
                String text = captured.toString(StandardCharsets.UTF_8);
                if (!text.isEmpty() && LOG.isDebugEnabled()) {
                    LOG.debug("SameDiff printed: {}", text.strip());
                }
            }
        }
    }
}

package dev.descent.examples.demo;

import dev.descent.dsl.Progress;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The demo on small budgets, run once per test JVM into a temporary folder (deleted when the JVM
 * exits) and shared by the tests that read what it printed and wrote ({@link DemoTest}, the browser
 * test of its report).
 */
final class SmallDemo {
    /** N = 200 (3 epochs: 3 GD steps, 600 SGD steps, 13 x 3 mini-batch steps); 6 digits epochs. */
    static final DemoConfig SMALL = new DemoConfig(200, 3, 16, 0.1, 50, 1.5, 6, 32, 7L, Progress.QUIET);

    /** What one run left: the temporary folder (the demo wrote into {@code dir/out}), its results, what it printed. */
    record Output(Path dir, Demo.Run run, String printed) {
        Path out() {
            return dir.resolve("out");
        }
    }

    private static Output output;

    private SmallDemo() {
    }

    static synchronized Output get() {
        if (output == null) {
            try {
                Path dir = Files.createTempDirectory("descent-demo-test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(dir)));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                Demo.Run run;
                try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
                    run = Demo.runAll(SMALL, dir.resolve("out"), out);
                }
                output = new Output(dir, run, bytes.toString(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return output;
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the OS cleans up what is left
        }
    }
}

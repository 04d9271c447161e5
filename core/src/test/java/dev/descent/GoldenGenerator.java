package dev.descent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs the PyTorch generators in {@code golden/generate/} (format in {@code golden/README.md}) so
 * tests can check our implementation against fresh torch output, not only the committed files.
 * Without torch the tests are skipped, or fail where {@code DESCENT_REQUIRE_TORCH=1} (CI), so a
 * missing install cannot silently turn the check off there.
 */
public final class GoldenGenerator {
    /** Debian's interpreter: python3-torch installs there, not into a pyenv or venv python. */
    public static final String PYTHON = "/usr/bin/python3";
    public static final String INSTALL_HINT = "apt-get update && apt-get install -y python3-torch";
    /** A generator takes about a second; importing torch on a busy machine can take much longer. */
    private static final long TIMEOUT_SECONDS = 180;

    private static Boolean torchAvailable;

    private GoldenGenerator() {
    }

    /** Skips the calling test without torch, or fails it when DESCENT_REQUIRE_TORCH=1. */
    public static void assumeTorch() {
        if (torchAvailable()) {
            return;
        }
        String message = PYTHON + " cannot import torch; to regenerate the golden files, run `" + INSTALL_HINT + "`";
        if ("1".equals(System.getenv("DESCENT_REQUIRE_TORCH"))) {
            fail(message + " (DESCENT_REQUIRE_TORCH=1 makes this a failure)");
        }
        Assumptions.assumeTrue(false, message);
    }

    private static synchronized boolean torchAvailable() {
        if (torchAvailable == null) {
            torchAvailable = Files.isExecutable(Path.of(PYTHON))
                    && run(List.of(PYTHON, "-c", "import torch")).exitCode == 0;
        }
        return torchAvailable;
    }

    /**
     * Runs {@code golden/generate/<script> --out <outDir>} and returns the file it wrote there.
     *
     * @param script e.g. {@code make_sgd.py}
     * @param file the golden file the script writes, e.g. {@code torch-sgd.json}
     */
    public static Path generate(String script, String file, Path outDir) {
        Path generator = GoldenFiles.golden(file).resolveSibling("generate").resolve(script);
        // -B: no __pycache__ left in the source tree by a test run
        Result r = run(List.of(PYTHON, "-B", generator.toString(), "--out", outDir.toString()));
        if (r.exitCode != 0) {
            fail(generator + " failed (exit " + r.exitCode + "):\n" + r.output);
        }
        Path written = outDir.resolve(file);
        if (!Files.isRegularFile(written)) {
            fail(generator + " did not write " + written + ":\n" + r.output);
        }
        return written;
    }

    /**
     * Runs {@code golden/generate/<script> args...} and returns its last line of output (where the
     * scripts print their answer); fails the test on a non-zero exit.
     */
    public static String runScript(String script, String... args) {
        Path generator = GoldenFiles.golden("README.md").resolveSibling("generate").resolve(script);
        List<String> command = new ArrayList<>(List.of(PYTHON, "-B", generator.toString()));
        command.addAll(List.of(args));
        Result r = run(command);
        if (r.exitCode != 0) {
            fail(generator + " failed (exit " + r.exitCode + "):\n" + r.output);
        }
        String[] lines = r.output.strip().split("\n");
        return lines[lines.length - 1];
    }

    /**
     * Asserts that two lists of golden cases have the same names in the same order, each case the
     * same fields in the same order, and equal values for the given settings (hyper-parameters,
     * options); the drawn inputs and torch's results may differ.
     */
    public static void assertSameCases(String what, JsonNode committed, JsonNode regenerated, Set<String> settings) {
        assertEquals(names(committed), names(regenerated), what + ": case names");
        for (int i = 0; i < committed.size(); i++) {
            JsonNode old = committed.get(i);
            JsonNode fresh = regenerated.get(i);
            String name = what + " case " + old.path("name").asText();
            assertEquals(fieldNames(old), fieldNames(fresh), name + ": fields");
            for (String s : settings) {
                assertEquals(old.get(s), fresh.get(s), name + ": " + s);
            }
        }
    }

    private static List<String> names(JsonNode cases) {
        List<String> out = new ArrayList<>();
        cases.forEach(c -> out.add(c.path("name").asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) {
        Process p;
        try {
            p = ChildProcesses.start(new ProcessBuilder(command).redirectErrorStream(true));
        } catch (IOException e) {
            return new Result(-1, "cannot start " + command + ": " + e.getMessage());
        }
        // drained on another thread: a full pipe would block the script before it exits
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                ChildProcesses.destroy(p);
                fail(command + " ran past " + TIMEOUT_SECONDS + " s and was killed");
            }
            return new Result(p.exitValue(), output.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        } finally {
            ChildProcesses.destroy(p); // a no-op after a normal exit
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.descent.store;

import dev.descent.ChildProcesses;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Launches a test main class in a fresh JVM with this test's class path, tied to the test JVM's
 * life by {@link ChildProcesses}: end it with {@link ChildProcesses#destroy(Process)} in {@code finally}.
 */
public final class ChildJvm {
    private ChildJvm() {
    }

    /** Starts {@code mainClass} with {@code args}; stderr is discarded (logs), stdout is for the caller. */
    public static Process start(Class<?> mainClass, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        // the child takes the parent's execution path: the two paths agree to rounding, not bit for bit
        String portable = System.getProperty(dev.descent.ExecutionPath.PORTABLE_PROPERTY);
        if (portable != null) {
            cmd.add("-D" + dev.descent.ExecutionPath.PORTABLE_PROPERTY + "=" + portable);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("OMP_NUM_THREADS", "1");
        try {
            return ChildProcesses.start(pb);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a child JVM: " + e, e);
        }
    }

    /** Runs to completion (at most {@code timeoutSeconds}) and returns stdout's lines; fails on a non-zero exit. */
    public static List<String> run(long timeoutSeconds, Class<?> mainClass, String... args) {
        Process p = start(mainClass, args);
        List<String> lines = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            } catch (IOException ignored) {
                // the process died; the exit code tells
            }
        });
        reader.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new AssertionError("child JVM " + List.of(args) + " did not finish in " + timeoutSeconds + " s");
            }
            reader.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        } finally {
            ChildProcesses.destroy(p); // a child that failed an assertion or timed out never outlives the test
        }
        synchronized (lines) {
            if (p.exitValue() != 0) {
                throw new AssertionError("child JVM " + List.of(args) + " exited with " + p.exitValue() + "; stdout: " + lines);
            }
            return List.copyOf(lines);
        }
    }
}

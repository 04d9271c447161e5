package dev.descent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.store.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * No forked process outlives the JVM that started it through {@link ChildProcesses}: not when
 * that JVM exits (the shutdown hook), and not when it is killed outright (the watchdog). A
 * "parent" JVM (this class's {@link #main}) starts a long {@code sleep}, prints its pid, and then
 * exits or waits to be killed; the test checks that the {@code sleep} is gone.
 */
@ForksAProcess
public final class ChildProcessesTest {

    /** {@code exit}: start a sleep and exit; {@code wait}: start a sleep and wait to be killed. */
    public static void main(String[] args) throws IOException, InterruptedException {
        Process sleep = ChildProcesses.start(new ProcessBuilder("sleep", "600"));
        System.out.println("CHILD " + sleep.pid());
        System.out.flush();
        if ("exit".equals(args[0])) {
            System.exit(0);
        }
        Thread.sleep(600_000);
    }

    /** Starts a parent JVM in {@code mode} and returns it with the pid of the sleep it started. */
    private static long startParent(String mode, Process[] parent) throws IOException {
        parent[0] = ChildJvm.start(ChildProcessesTest.class, mode);
        BufferedReader r = new BufferedReader(new InputStreamReader(parent[0].getInputStream(), StandardCharsets.UTF_8));
        String line = r.readLine();
        assertTrue(line != null && line.startsWith("CHILD "), "the parent printed " + line);
        return Long.parseLong(line.substring(6));
    }

    private static boolean goneWithin(long pid, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            if (h.isEmpty() || !h.get().isAlive()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** This JVM's live watchdog processes guarding {@code pid} (its pid is their last argument). */
    private static List<ProcessHandle> watchdogsOf(long pid) {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().arguments().map(a -> a.length > 0 && a[a.length - 1].equals(String.valueOf(pid))
                        && List.of(a).contains("watchdog")).orElse(false))
                .toList();
    }

    @Test
    void aChildIsKilledWhenItsJvmExits() throws Exception {
        Process[] parent = new Process[1];
        try {
            long child = startParent("exit", parent);
            assertTrue(parent[0].waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, parent[0].exitValue());
            assertTrue(goneWithin(child, 10), "sleep " + child + " outlived its JVM's exit");
        } finally {
            ChildProcesses.destroy(parent[0]);
        }
    }

    @Test
    void aChildIsKilledWhenItsJvmIsKilled() throws Exception {
        Process[] parent = new Process[1];
        try {
            long child = startParent("wait", parent);
            assertTrue(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the sleep runs");
            parent[0].destroyForcibly(); // SIGKILL: no shutdown hook runs
            assertTrue(parent[0].waitFor(30, TimeUnit.SECONDS));
            // the watchdog polls once a second
            assertTrue(goneWithin(child, 10), "sleep " + child + " outlived its killed JVM");
        } finally {
            ChildProcesses.destroy(parent[0]);
        }
    }

    @Test
    void destroyEndsAProcessAndWhatItStarted() throws Exception {
        Process shell = ChildProcesses.start(new ProcessBuilder("sh", "-c", "sleep 600 & echo $!; wait"));
        try {
            long grandchild = Long.parseLong(new BufferedReader(new InputStreamReader(shell.getInputStream(),
                    StandardCharsets.UTF_8)).readLine().trim());
            assertEquals(1, watchdogsOf(shell.pid()).size(), "one watchdog guards the child");
            ChildProcesses.destroy(shell);
            assertFalse(shell.isAlive());
            assertTrue(goneWithin(grandchild, 10), "sleep " + grandchild + " outlived destroy");
            // the watchdog ends with its child
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            List<ProcessHandle> watchdogs = watchdogsOf(shell.pid());
            while (!watchdogs.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
                watchdogs = watchdogsOf(shell.pid());
            }
            assertEquals(List.of(), watchdogs);
        } finally {
            ChildProcesses.destroy(shell);
        }
    }
}

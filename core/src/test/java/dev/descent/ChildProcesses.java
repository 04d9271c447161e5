package dev.descent;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Starts the processes that tests fork (child JVMs, the golden generators, the CLI, a browser) so
 * that none outlives the test JVM, whatever happens to it:
 * <ul>
 *   <li>{@link #destroy(Process)} kills a child and its descendants; callers use it in {@code finally};
 *   <li>a shutdown hook does the same for every child still running when the test JVM exits
 *       (a normal exit, {@code System.exit}, SIGTERM or SIGINT);
 *   <li>for the exits no hook sees (SIGKILL, a crash, Surefire killing its fork), each child gets a
 *       watchdog: a tiny {@code sh} loop that checks once a second whether the test JVM is still
 *       alive and kills the child when it is not. The watchdog ends with the child.
 * </ul>
 * Shared by every module's tests through core's test jar.
 */
public final class ChildProcesses {
    /**
     * {@code $1} the test JVM's pid, {@code $2} the child's: poll both, kill the child (and its own
     * children, which {@code pkill -P} reaches where procps is installed) once the parent is gone.
     */
    private static final String WATCHDOG = "while kill -0 \"$1\" 2>/dev/null && kill -0 \"$2\" 2>/dev/null; do sleep 1; done;"
            + " if kill -0 \"$2\" 2>/dev/null; then pkill -KILL -P \"$2\" 2>/dev/null; kill -KILL \"$2\" 2>/dev/null; fi";

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ChildProcesses::destroy), "child-process-reaper"));
    }

    private ChildProcesses() {
    }

    /** Starts {@code pb}'s command tied to this JVM's life (see the class comment). */
    public static Process start(ProcessBuilder pb) throws IOException {
        Process child = pb.start();
        LIVE.add(child);
        try {
            Process watchdog = new ProcessBuilder(List.of("sh", "-c", WATCHDOG, "watchdog",
                    String.valueOf(ProcessHandle.current().pid()), String.valueOf(child.pid())))
                    .redirectInput(Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD).start();
            // the watchdog has nothing left to guard once the child is gone
            child.onExit().thenRun(() -> {
                LIVE.remove(child);
                watchdog.destroyForcibly();
            });
        } catch (IOException | RuntimeException e) {
            destroy(child);
            throw e;
        }
        return child;
    }

    /**
     * Kills {@code p} and its descendants (SIGKILL) and waits up to 30 s for {@code p} to be gone;
     * safe to call on a process that has already ended.
     */
    public static void destroy(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(p);
    }
}

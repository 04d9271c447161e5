package dev.descent.cli;

import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./descent}. */
@Command(name = "descent", mixinStandardHelpOptions = true, version = "descent 0.1.0",
        description = "Torch-exact gradient descent on the JVM.",
        subcommands = {DemoCommand.class, ParityCommand.class, RunCommand.class, InspectCommand.class, DataCommand.class,
                InfoCommand.class, dev.descent.bench.BenchCommand.class, AotTrainingCommand.class, CommandLine.HelpCommand.class})
public final class DescentCli implements Runnable {
    // commands whose graphs need SameDiff's op registry (their models have custom ops: matrix products, convolutions),
    // and the launcher's AOT-cache training run
    private static final java.util.Set<String> NEEDS_OP_REGISTRY = java.util.Set.of("demo", "bench", "parity", "aot-training");

    /** The JVM's default locales before {@link #main} set {@link Locale#ROOT}, for scripts (see {@link #restoreDefaultLocale}). */
    private static final Locale JVM_LOCALE = Locale.getDefault();
    private static final Locale JVM_DISPLAY_LOCALE = Locale.getDefault(Locale.Category.DISPLAY);
    private static final Locale JVM_FORMAT_LOCALE = Locale.getDefault(Locale.Category.FORMAT);

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        // load ND4J (and for our own training commands SameDiff's op registry) while picocli parses the
        // command line and the command sets up; not for `inspect`/`info`, which never compile a graph.
        // A script (`run`) gets the backend alone: nearly every model needs the registry too (a matrix
        // product is one of its custom ops), but building it on this thread while the script starts made
        // W7 no faster on two cores, where the CPU, not the wait, is what runs out (docs/performance.md).
        // A daemon thread: it never keeps the JVM alive.
        @Nullable Runnable warmUp = args.length == 0 ? null : warmUpFor(args[0]);
        if (warmUp != null) {
            Thread thread = new Thread(warmUp, "descent-warm-up");
            thread.setDaemon(true);
            thread.start();
        }
        int code = run(args);
        System.out.flush();
        // Exit with the command's status, whatever threads are left. `run` has already waited, as
        // `java` does after main, for the non-daemon threads its .java script started (a .jsh run
        // ends with its script, as at /exit). The other commands' work is done: no library thread
        // (ND4J 1.0.0-M2.1 on CPU leaves only daemon ones, but nothing promises that) may hold the
        // process open.
        System.exit(code);
    }

    /** What {@code command} warms up on a background thread at start-up; null: nothing. */
    static @Nullable Runnable warmUpFor(String command) {
        if (NEEDS_OP_REGISTRY.contains(command)) {
            return dev.descent.compile.GraphCompiler::warmUp;
        }
        return "run".equals(command) ? dev.descent.compile.GraphCompiler::warmUpBackend : null;
    }

    /**
     * Gives the JVM back the default locales it started with (main sets {@link Locale#ROOT} for the
     * command line's own output): a {@code .java} script formats as {@code java Name.java} would.
     */
    static void restoreDefaultLocale() {
        Locale.setDefault(JVM_LOCALE);
        Locale.setDefault(Locale.Category.DISPLAY, JVM_DISPLAY_LOCALE);
        Locale.setDefault(Locale.Category.FORMAT, JVM_FORMAT_LOCALE);
    }

    /** Runs a command line and returns its exit status (for tests). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new DescentCli());
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            line.getErr().println("descent: " + ex.getMessage());
            return 2;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}

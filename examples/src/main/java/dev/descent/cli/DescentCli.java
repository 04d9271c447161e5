package dev.descent.cli;

import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./descent}. */
@Command(name = "descent", mixinStandardHelpOptions = true, version = "descent 0.1.0",
        description = "Torch-exact gradient descent on the JVM.",
        subcommands = {DemoCommand.class, ParityCommand.class, RunCommand.class, InspectCommand.class, DataCommand.class,
                InfoCommand.class, dev.descent.bench.BenchCommand.class, CommandLine.HelpCommand.class})
public final class DescentCli implements Runnable {
    // commands that compile and train in this JVM (`run` too: the script runs here)
    private static final java.util.Set<String> TRAINS_IN_PROCESS = java.util.Set.of("demo", "bench", "parity", "run");

    /** The JVM's default locales before {@link #main} set {@link Locale#ROOT}, for scripts (see {@link #restoreDefaultLocale}). */
    private static final Locale JVM_LOCALE = Locale.getDefault();
    private static final Locale JVM_DISPLAY_LOCALE = Locale.getDefault(Locale.Category.DISPLAY);
    private static final Locale JVM_FORMAT_LOCALE = Locale.getDefault(Locale.Category.FORMAT);

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        // load ND4J and SameDiff's op registry while picocli parses the command line and the command
        // sets up (for `run`, while javac compiles the script); not for `inspect`/`info`, which never
        // compile a graph. A daemon thread: it never keeps the JVM alive.
        if (args.length > 0 && TRAINS_IN_PROCESS.contains(args[0])) {
            Thread warmUp = new Thread(dev.descent.compile.GraphCompiler::warmUp, "descent-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
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

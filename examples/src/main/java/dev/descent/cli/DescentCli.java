package dev.descent.cli;

import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./descent}. */
@Command(name = "descent", mixinStandardHelpOptions = true, version = "descent 0.1.0",
        description = "Torch-exact gradient descent on the JVM.",
        subcommands = {DemoCommand.class, ParityCommand.class, RunCommand.class, InspectCommand.class,
                InfoCommand.class, dev.descent.bench.BenchCommand.class, CommandLine.HelpCommand.class})
public final class DescentCli implements Runnable {
    private static final java.util.Set<String> TRAINS_IN_PROCESS = java.util.Set.of("demo", "bench", "parity");

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        // commands that compile and train in this JVM: load ND4J and SameDiff's op registry while
        // picocli parses the command line and the command sets up (not for `run`, whose script runs
        // in a child JVM, nor for `inspect`/`info`, which never compile a graph)
        if (args.length > 0 && TRAINS_IN_PROCESS.contains(args[0])) {
            Thread warmUp = new Thread(dev.descent.compile.GraphCompiler::warmUp, "descent-warm-up");
            warmUp.setDaemon(true);
            warmUp.start();
        }
        int code = run(args);
        System.out.flush();
        // ND4J leaves non-daemon threads behind; exit explicitly
        System.exit(code);
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

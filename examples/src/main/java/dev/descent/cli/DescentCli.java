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

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        // almost every command trains or loads a model: load ND4J and SameDiff's op registry while
        // picocli parses the command line and the command sets up
        Thread warmUp = new Thread(dev.descent.compile.GraphCompiler::warmUp, "descent-warm-up");
        warmUp.setDaemon(true);
        warmUp.start();
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

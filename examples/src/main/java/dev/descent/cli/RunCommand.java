package dev.descent.cli;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code descent run SCRIPT [ARGS...]}: runs a model script with the library on the class path, in
 * a child JVM that shares this one's standard streams, and exits with the child's status.
 *
 * <ul>
 *   <li>{@code Name.java}: a single-file Java program, run by the JDK's source launcher
 *       ({@code java -cp <descent's class path> Name.java ARGS...}).</li>
 *   <li>{@code name.jsh}: a JShell script, run snippet by snippet by {@link JShellScript} in the
 *       child JVM; the script sees its arguments as {@code String[] args}, stops at the first
 *       failing snippet (status 1) and may end with {@code /exit [status]}.</li>
 * </ul>
 *
 * <pre>{@code
 * ./descent run examples/scripts/Seeds.java
 * ./descent run examples/scripts/Classifier.jsh
 * ./descent run my/Train.java -- --epochs 5     # "--" hands options such as --help to the script
 * }</pre>
 *
 * <p>A child JVM (rather than loading the script into this one) keeps the script's
 * {@code System.exit}, its non-daemon threads and its class loading out of the command line's way.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a model script with the library on the class path: a single-file Java program (.java) "
                + "or a JShell script (.jsh). Arguments after SCRIPT go to the script (put '--' before them if "
                + "they include -h or --help). Exit status: the script's; 2 if SCRIPT is missing or not .java/.jsh."})
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCRIPT", description = "the script: Name.java or name.jsh")
    String script;

    // Everything after SCRIPT, options included, in order: these belong to the script, not to us.
    @Unmatched
    List<String> scriptArgs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** Where the child's standard output goes (the terminal, unless a test captures it). */
    Redirect output = Redirect.INHERIT;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path path = Path.of(script);
        if (!Files.isRegularFile(path)) {
            err.println("descent run: no such script: " + script + " (give the path of a .java or .jsh file)");
            err.flush();
            return 2;
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-cp");
        command.add(classPath());
        if (name.endsWith(".java")) {
            command.add(path.toString());
        } else if (name.endsWith(".jsh")) {
            command.add(JShellScript.class.getName());
            command.add(path.toString());
        } else {
            err.println("descent run: cannot run " + script + ": unknown script type (use Name.java for a Java "
                    + "program or name.jsh for a JShell script)");
            err.flush();
            return 2;
        }
        command.addAll(scriptArgs);
        return runChild(command, err);
    }

    private int runChild(List<String> command, PrintWriter err) {
        // our own output may sit in buffers; the child writes straight to the same descriptors
        System.out.flush();
        err.flush();
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(Redirect.INHERIT).redirectOutput(output)
                .redirectError(Redirect.INHERIT);
        try {
            Process child = pb.start();
            return child.waitFor();
        } catch (IOException e) {
            err.println("descent run: could not start " + command.get(0) + ": " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println("descent run: interrupted while waiting for the script");
            return 130;
        }
    }

    /** The {@code java} launcher of the JVM running us, so the script gets the same JDK. */
    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** This JVM's class path: the library, its dependencies and (under {@code ./descent}) the examples. */
    static String classPath() {
        String cp = System.getProperty("java.class.path", "");
        return cp.isEmpty() ? "." : String.join(File.pathSeparator, ClassPaths.expand(cp));
    }
}

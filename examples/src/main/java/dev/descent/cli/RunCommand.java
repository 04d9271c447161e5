package dev.descent.cli;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code descent run SCRIPT [ARGS...]}: runs a model script in this JVM, the one {@code ./descent}
 * started, with the library on the class path, and exits with the script's status.
 *
 * <ul>
 *   <li>{@code Name.java}: a single-file Java program, compiled in memory and run by
 *       {@link JavaSourceScript} as the JDK's source launcher would run it ({@code java Name.java}):
 *       the first top-level class's {@code main}; compile errors are printed as javac prints them
 *       (status 1); an exception out of {@code main} is printed as {@code java} prints it (status 1);
 *       after {@code main} the run waits for the non-daemon threads the script started. Needs a JDK
 *       (status 2 without a compiler).</li>
 *   <li>{@code name.jsh}: a JShell script, run snippet by snippet by {@link JShellScript} with
 *       JShell's local execution engine (in this JVM); the script sees its arguments as
 *       {@code String[] args}, stops at the first failing snippet (status 1) and may end with
 *       {@code /exit [status]}; the run ends with the script.</li>
 *   <li>{@code model.kts} (or {@code model.main.kts}): a Kotlin script, compiled with Kotlin's own
 *       scripting host and run by {@code KotlinScript} (Kotlin) with Descent's Kotlin DSL imported
 *       ({@code dev.descent.kotlin.*}, no import lines needed) and its arguments as {@code args};
 *       compile errors as {@code file:line:column: error: message} (status 1); an exception out of
 *       the script as {@code java} prints it, with the script's lines (status 1); compiled scripts
 *       are cached by content hash (under {@code ~/.cache/descent/kts}), so a second run does not
 *       compile again.</li>
 * </ul>
 *
 * <pre>{@code
 * ./descent run examples/scripts/Seeds.java
 * ./descent run examples/scripts/Classifier.jsh
 * ./descent run examples/scripts/seeds.kts
 * ./descent run my/Train.java -- --epochs 5     # "--" hands options such as --help to the script
 * DESCENT_JAVA_OPTS='-Xmx2g -XX:+UseSerialGC' ./descent run my/Train.java
 * }</pre>
 *
 * <p>In-process, not in a child JVM, so that the run is the program it runs: the JVM options
 * ({@code DESCENT_JAVA_OPTS}, {@code -D} properties) and the class-data-sharing archive that
 * {@code ./descent} gives its JVM are the script's; {@code System.out} is the real stdout; and a
 * signal to the process ({@code SIGTERM} from a service manager or a CI timeout, {@code SIGKILL})
 * reaches the training itself, with no second process left behind. {@code System.exit(n)} in the
 * script ends the process with status {@code n}.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a model script in this JVM with the library on the class path: a single-file Java program "
                + "(.java, compiled in memory and run as 'java Name.java' would), a JShell script (.jsh) or a Kotlin "
                + "script (.kts or .main.kts, with the Kotlin DSL imported; compiled once, then cached). Arguments "
                + "after SCRIPT go to the script (put '--' before them if they include -h or --help). One process: the "
                + "script gets the JVM options of ./descent (DESCENT_JAVA_OPTS, -D properties) and its start-up "
                + "archive, and a signal to ./descent reaches the training. Exit status: the script's (1 for a compile "
                + "error or an uncaught exception, n for System.exit(n)); 2 if SCRIPT is missing or not .java/.jsh/.kts, "
                + "or if a .java script finds no Java compiler (a JRE)."})
final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCRIPT", description = "the script: Name.java, name.jsh or name.kts")
    String script;

    // Everything after SCRIPT, options included, in order: these belong to the script, not to us.
    @Unmatched
    List<String> scriptArgs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    /** The compiler for {@code .java} scripts: the JDK's, null in a JRE (a test may pretend so). */
    Supplier<@Nullable JavaCompiler> compiler = ToolProvider::getSystemJavaCompiler;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path path = Path.of(script);
        if (!Files.isRegularFile(path)) {
            err.println("descent run: no such script: " + script + " (give the path of a .java, .jsh or .kts file)");
            err.flush();
            return 2;
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String[] args = scriptArgs.toArray(new String[0]);
        // our own output may sit in buffers; the script writes to the same streams
        System.out.flush();
        err.flush();
        if (name.endsWith(".java")) {
            // `java Name.java` would format numbers and dates in the user's locale: give it back
            DescentCli.restoreDefaultLocale();
            return JavaSourceScript.run(path, args, compiler, err);
        }
        if (name.endsWith(".jsh")) {
            if (ModuleLayer.boot().findModule("jdk.jshell").isEmpty()) {
                err.println("descent run: cannot run " + script + ": this Java runtime (" + System.getProperty("java.home")
                        + ") has no JShell (module jdk.jshell); .jsh scripts need a JDK");
                err.flush();
                return 2;
            }
            return JShellScript.runFile(path, args, err);
        }
        if (name.endsWith(".kts")) {
            // as for .java scripts: String.format and friends in the user's locale
            DescentCli.restoreDefaultLocale();
            return KotlinScript.run(path, args, err);
        }
        err.println("descent run: cannot run " + script + ": unknown script type (use Name.java for a Java "
                + "program, name.jsh for a JShell script or name.kts for a Kotlin script)");
        err.flush();
        return 2;
    }

    /**
     * This JVM's class path as launched, each entry as given (not expanded): what a cached script's
     * key stats. A jar's manifest Class-Path can only change with the jar itself, whose size and
     * time the key holds; following the manifests would open every jar (its central directory read
     * and parsed) on every run, about 50 ms of a cached script's start-up, when only a compile needs them.
     */
    static List<File> launchClassPath() {
        return Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty()).map(File::new).toList();
    }

    /** This JVM's class path, made explicit: what javac and JShell compile the script against. */
    static String classPath() {
        String cp = System.getProperty("java.class.path", "");
        return cp.isEmpty() ? "." : String.join(File.pathSeparator, ClassPaths.expand(cp));
    }
}

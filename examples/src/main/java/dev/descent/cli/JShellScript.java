package dev.descent.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * Runs a JShell script ({@code .jsh}) in this JVM, snippet by snippet, with the {@code jdk.jshell}
 * API: the entry point {@code descent run} starts for {@code .jsh} files.
 *
 * <p>Unlike the {@code jshell} tool this runs the snippets in this JVM ({@code local} execution,
 * so {@code System.exit(n)} ends the run with status {@code n} and output goes straight to
 * stdout), prints no snippet values, stops at the first snippet that does not compile or throws
 * (status 1, with the script's line on stderr), and ends when the script does (status 0). The
 * script sees its arguments as {@code String[] args} and the {@code jshell} tool's default imports;
 * the only command it understands is {@code /exit [status]}.
 *
 * <pre>{@code
 * java -cp <class path> dev.descent.cli.JShellScript examples/scripts/Classifier.jsh arg1 arg2
 * }</pre>
 */
public final class JShellScript {
    /** The imports the {@code jshell} tool starts with, so scripts written for it run unchanged. */
    private static final List<String> DEFAULT_IMPORTS = List.of("java.io.*", "java.math.*", "java.net.*",
            "java.nio.file.*", "java.util.*", "java.util.concurrent.*", "java.util.function.*", "java.util.prefs.*",
            "java.util.regex.*", "java.util.stream.*");

    private static String[] scriptArgs = new String[0];

    private JShellScript() {
    }

    /** The arguments given after the script's path (read by the script's {@code args} variable). */
    public static String[] args() {
        return scriptArgs.clone();
    }

    public static void main(String[] argv) {
        Locale.setDefault(Locale.ROOT);
        if (argv.length == 0) {
            System.err.println("usage: JShellScript SCRIPT.jsh [ARGS...]");
            System.exit(2);
        }
        int status = run(Path.of(argv[0]), Arrays.copyOfRange(argv, 1, argv.length), System.err);
        System.out.flush();
        // ND4J may leave non-daemon threads behind; the script is over, so is the JVM
        System.exit(status);
    }

    /** Runs the script and returns its exit status; diagnostics go to {@code err}. */
    static int run(Path script, String[] args, PrintStream err) {
        String source;
        try {
            source = Files.readString(script);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the script " + script, e);
        }
        scriptArgs = args.clone();
        try (JShell js = JShell.builder().executionEngine("local").out(System.out).err(System.err).build()) {
            js.addToClasspath(RunCommand.classPath());
            for (String imp : DEFAULT_IMPORTS) {
                js.eval("import " + imp + ";");
            }
            js.eval("String[] args = " + JShellScript.class.getName() + ".args();");
            return new Runner(js, script.getFileName().toString(), source, err).run();
        }
    }

    /** Walks the source: skips blanks and comments, handles commands, evaluates complete snippets. */
    private static final class Runner {
        private final JShell js;
        private final String name;
        private final String source;
        private final PrintStream err;
        private int pos;

        Runner(JShell js, String name, String source, PrintStream err) {
            this.js = js;
            this.name = name;
            this.source = source;
            this.err = err;
        }

        int run() {
            SourceCodeAnalysis analysis = js.sourceCodeAnalysis();
            while (true) {
                skipBlanksAndComments();
                if (pos >= source.length()) {
                    return 0;
                }
                int line = lineAt(pos);
                if (source.charAt(pos) == '/') {
                    int eol = source.indexOf('\n', pos);
                    String command = source.substring(pos, eol < 0 ? source.length() : eol).trim();
                    return command(command, line);
                }
                String rest = source.substring(pos);
                SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
                switch (info.completeness()) {
                    case DEFINITELY_INCOMPLETE:
                    case CONSIDERED_INCOMPLETE:
                        err.printf("%s:%d: the script ends inside this snippet (a missing ';', ')' or '}'?)%n", name, line);
                        return 1;
                    case EMPTY:
                        return 0;
                    default:
                        break;
                }
                pos += rest.length() - info.remaining().length();
                if (!eval(info.source(), line)) {
                    return 1;
                }
            }
        }

        private int command(String command, int line) {
            String[] words = command.split("\\s+");
            if (!words[0].equals("/exit")) {
                err.printf("%s:%d: unsupported JShell command %s (scripts run by descent understand only /exit [status])%n",
                        name, line, words[0]);
                return 2;
            }
            if (words.length == 1) {
                return 0;
            }
            try {
                return Integer.parseInt(words[1]);
            } catch (NumberFormatException e) {
                err.printf("%s:%d: /exit takes an integer status, got '%s'%n", name, line, words[1]);
                return 2;
            }
        }

        private boolean eval(String snippet, int line) {
            for (SnippetEvent event : js.eval(snippet)) {
                if (event.causeSnippet() != null) {
                    continue; // updates of earlier snippets that depend on this one
                }
                if (event.status() == Snippet.Status.REJECTED) {
                    err.printf("%s:%d: this snippet does not compile:%n", name, line);
                    js.diagnostics(event.snippet()).forEach(d -> report(d, snippet, line));
                    return false;
                }
                JShellException ex = event.exception();
                if (ex != null) {
                    String type = ex instanceof EvalException ? ((EvalException) ex).getExceptionClassName()
                            : ex.getClass().getSimpleName();
                    err.printf("%s:%d: %s: %s%n", name, line, type, ex.getMessage());
                    // frames inside the library, then the script's own line (JShell names its frames "#id")
                    for (StackTraceElement e : ex.getStackTrace()) {
                        if (e.getFileName() != null && e.getFileName().startsWith("#")) {
                            err.printf("\tat %s:%d%n", name, line);
                            break;
                        }
                        err.println("\tat " + e);
                    }
                    return false;
                }
            }
            return true;
        }

        /** One compiler message, with the script line it points at. */
        private void report(Diag d, String snippet, int snippetLine) {
            int line = snippetLine;
            long at = Math.min(Math.max(d.getStartPosition(), 0), snippet.length());
            for (int i = 0; i < at; i++) {
                if (snippet.charAt(i) == '\n') {
                    line++;
                }
            }
            err.printf("  line %d: %s%n", line, d.getMessage(Locale.ROOT).replace("\n", "\n    "));
        }

        private void skipBlanksAndComments() {
            while (pos < source.length()) {
                char c = source.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (source.startsWith("//", pos)) {
                    int eol = source.indexOf('\n', pos);
                    pos = eol < 0 ? source.length() : eol + 1;
                } else if (source.startsWith("/*", pos)) {
                    int end = source.indexOf("*/", pos + 2);
                    pos = end < 0 ? source.length() : end + 2;
                } else {
                    return;
                }
            }
        }

        private int lineAt(int offset) {
            int line = 1;
            for (int i = 0; i < offset; i++) {
                if (source.charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }
}

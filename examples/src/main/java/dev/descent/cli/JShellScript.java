package dev.descent.cli;

import java.io.IOException;
import java.io.PrintWriter;
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
 * API: what {@code descent run} does with {@code .jsh} files, in the JVM {@code ./descent} started.
 *
 * <p>Unlike the {@code jshell} tool this runs the snippets in this JVM (JShell's {@code local}
 * execution engine, so the script gets this JVM's options and system properties,
 * {@code System.exit(n)} ends the process with status {@code n} and output goes straight to
 * stdout), prints no snippet values, stops at the first snippet that does not compile or throws
 * (status 1, with the script's line on stderr), and ends when the script does (status 0; the
 * process then exits without waiting for threads the script left running, as at {@code /exit}).
 * The script sees its arguments as {@code String[] args} and the {@code jshell} tool's default
 * imports; the only command it understands is {@code /exit [status]}. Like the {@code jshell}
 * tool, it reads line by line, so a statement may end at the end of its line without a semicolon.
 *
 * <pre>{@code
 * ./descent run examples/scripts/Classifier.jsh arg1 arg2
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

    /** Runs {@code argv[0]} with the arguments after it and exits with the script's status. */
    public static void main(String[] argv) {
        Locale.setDefault(Locale.ROOT);
        if (argv.length == 0) {
            System.err.println("usage: JShellScript SCRIPT.jsh [ARGS...]");
            System.exit(2);
        }
        PrintWriter err = new PrintWriter(System.err, true);
        int status = runFile(Path.of(argv[0]), Arrays.copyOfRange(argv, 1, argv.length), err);
        // the script is over, so is the JVM, whatever threads it left
        System.exit(status);
    }

    /** Runs the script and returns its exit status (2 if it cannot be read); diagnostics go to {@code err}. */
    static int runFile(Path script, String[] args, PrintWriter err) {
        try {
            return run(script, args, err);
        } catch (UncheckedIOException e) {
            err.println("descent run: " + e.getMessage() + ": " + e.getCause().getMessage());
            return 2;
        } finally {
            System.out.flush();
            err.flush();
        }
    }

    /** Runs the script and returns its exit status; diagnostics go to {@code err}. */
    static int run(Path script, String[] args, PrintWriter err) {
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

    /**
     * Feeds the source line by line, as the {@code jshell} tool reads a file: lines gather until
     * they make a complete snippet (so a statement may end at its line without a semicolon), then
     * the snippet runs; a line starting with {@code /} between snippets is a command.
     */
    private record Runner(JShell js, String name, String source, PrintWriter err) {
        int run() {
            SourceCodeAnalysis analysis = js.sourceCodeAnalysis();
            String[] lines = source.split("\\R", -1);
            String pending = "";
            int pendingLine = 1; // the script line where `pending` starts
            for (int i = 0; i < lines.length; i++) {
                if (codeStart(pending) < 0) {
                    pending = "";
                    pendingLine = i + 1;
                    String trimmed = lines[i].strip();
                    if (trimmed.startsWith("/") && !trimmed.startsWith("//") && !trimmed.startsWith("/*")) {
                        return command(trimmed, i + 1);
                    }
                }
                pending += lines[i] + "\n";
                while (codeStart(pending) >= 0) {
                    SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(pending);
                    SourceCodeAnalysis.Completeness c = info.completeness();
                    if (c == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE
                            || c == SourceCodeAnalysis.Completeness.CONSIDERED_INCOMPLETE) {
                        break; // read on
                    }
                    if (c == SourceCodeAnalysis.Completeness.EMPTY) {
                        pending = "";
                        break;
                    }
                    int line = lineOf(pending, pendingLine);
                    String rest = info.remaining();
                    pendingLine += newlines(pending, pending.length() - rest.length());
                    pending = rest;
                    if (!eval(info.source(), line)) {
                        return 1;
                    }
                }
            }
            // the script ended inside a snippet: compiling it reports what is missing
            if (codeStart(pending) >= 0 && !eval(pending, lineOf(pending, pendingLine))) {
                return 1;
            }
            return 0;
        }

        /** The script line of the first code (not blank, not comment) in {@code text}, which starts at {@code line}. */
        private static int lineOf(String text, int line) {
            return line + newlines(text, Math.max(codeStart(text), 0));
        }

        private static int newlines(String text, int upTo) {
            int n = 0;
            for (int i = 0; i < upTo; i++) {
                if (text.charAt(i) == '\n') {
                    n++;
                }
            }
            return n;
        }

        /** The offset of the first character that is neither white space nor comment, or -1. */
        private static int codeStart(String text) {
            int pos = 0;
            while (pos < text.length()) {
                if (Character.isWhitespace(text.charAt(pos))) {
                    pos++;
                } else if (text.startsWith("//", pos)) {
                    int eol = text.indexOf('\n', pos);
                    pos = eol < 0 ? text.length() : eol + 1;
                } else if (text.startsWith("/*", pos)) {
                    int close = text.indexOf("*/", pos + 2);
                    pos = close < 0 ? text.length() : close + 2;
                } else {
                    return pos;
                }
            }
            return -1;
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
            int from = Math.max(codeStart(snippet), 0);
            int at = (int) Math.min(Math.max(d.getStartPosition(), from), snippet.length());
            int line = snippetLine + newlines(snippet, at) - newlines(snippet, from);
            err.printf("  line %d: %s%n", line, d.getMessage(Locale.ROOT).replace("\n", "\n    "));
        }
    }
}

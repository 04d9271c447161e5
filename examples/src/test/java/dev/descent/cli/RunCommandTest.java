package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code descent run}: the example scripts' real results, argument passing, exit statuses and errors. */
class RunCommandTest {
    /** The scripts under examples/scripts (tests run in the module directory). */
    private static final Path SCRIPTS = Path.of("scripts");

    @TempDir
    Path tmp;

    private record Run(int status, String out, String err) {
    }

    /** Runs {@code descent run ARGS} with the child's stdout captured in a file. */
    private Run run(String... args) throws IOException {
        RunCommand command = new RunCommand();
        Path out = Files.createTempFile(tmp, "stdout", ".txt");
        command.output = Redirect.to(out.toFile());
        StringWriter err = new StringWriter();
        int status = new CommandLine(command).setErr(new PrintWriter(err, true)).execute(args);
        return new Run(status, Files.readString(out), err.toString());
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex + " in:\n" + text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void seedsScriptPrintsTheTwoSeedSteps() throws IOException {
        Run r = run(SCRIPTS.resolve("Seeds.java").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(99.8020, number(r.out(), "x = y = 1\\):\\s+w = 100 -> ([0-9.]+)"), 1e-9);
        assertEquals(92.3770, number(r.out(), "x = y = 1\\.\\.10\\):\\s+w = 100 -> ([0-9.]+)"), 1e-9);
    }

    @Test
    void regressionScriptRecoversTheLineAndTakesItsEpochsArgument() throws IOException {
        Run r = run(SCRIPTS.resolve("Regression.java").toString(), "30");
        assertEquals(0, r.status(), r.err());
        assertEquals(30, number(r.out(), "epochs (\\d+)"));
        assertEquals(300, number(r.out(), "steps (\\d+)"), "200 samples in batches of 20");
        assertEquals(3.0, number(r.out(), "w = (-?[0-9.]+)"), 0.05);
        assertEquals(-0.5, number(r.out(), "b = (-?[0-9.]+)"), 0.05);
        assertTrue(number(r.out(), "test R2 ([0-9.]+)") > 0.99, r.out());
    }

    @Test
    void classifierJShellScriptLearnsTheBlobs() throws IOException {
        Run r = run(SCRIPTS.resolve("Classifier.jsh").toString(), "15");
        assertEquals(0, r.status(), r.err());
        assertEquals(15, number(r.out(), "epochs (\\d+)"));
        assertTrue(number(r.out(), "test accuracy ([0-9.]+)") > 0.9, r.out());
        assertTrue(number(r.out(), "last ([0-9.]+)") < number(r.out(), "first epoch loss ([0-9.]+)") / 10, r.out());
    }

    @Test
    void javaScriptGetsItsArgumentsInOrderAndItsExitStatusComesBack() throws IOException {
        Path script = tmp.resolve("Echo.java");
        Files.writeString(script, "public class Echo { public static void main(String[] a) {"
                + " System.out.println(String.join(\"|\", a)); System.exit(3); } }");
        Run r = run(script.toString(), "one", "--lr", "0.1", "-x");
        assertEquals(3, r.status(), r.err());
        assertEquals("one|--lr|0.1|-x", r.out().trim());
    }

    @Test
    void jshellScriptSeesArgsAndExitsWithTheStatusGiven() throws IOException {
        Path script = tmp.resolve("echo.jsh");
        Files.writeString(script, "// a comment first\nSystem.out.println(String.join(\"|\", args))\n"
                + "List<Integer> xs = List.of(1, 2, 3);  /* default imports */\n"
                + "System.out.println(xs.stream().mapToInt(i -> i).sum());\n/exit 4\nSystem.out.println(\"not reached\");\n");
        Run r = run(script.toString(), "a", "b c");
        assertEquals(4, r.status(), r.err());
        assertEquals("a|b c\n6\n", r.out());
    }

    @Test
    void jshellScriptStopsAtTheFirstSnippetThatFailsToCompile() throws IOException {
        Path script = tmp.resolve("bad.jsh");
        Files.writeString(script, "System.out.println(\"before\");\n\nint b = undefinedThing + 1;\nSystem.out.println(\"after\");\n");
        Run r = run(script.toString());
        assertEquals(1, r.status());
        assertEquals("before\n", r.out());
    }

    @Test
    void jshellScriptStopsAtTheFirstException() throws IOException {
        Path script = tmp.resolve("throws.jsh");
        Files.writeString(script, "int[] a = new int[2];\na[5] = 1;\nSystem.out.println(\"after\");\n");
        Run r = run(script.toString());
        assertEquals(1, r.status());
        assertEquals("", r.out());
    }

    @Test
    void missingScriptExitsTwoWithOneLine() throws IOException {
        Run r = run(tmp.resolve("Nope.java").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("descent run: no such script: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void unknownExtensionExitsTwoWithOneLine() throws IOException {
        Path script = Files.writeString(tmp.resolve("model.py"), "print(1)\n");
        Run r = run(script.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown script type"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void descentListsTheRunCommand() {
        StringWriter out = new StringWriter();
        new CommandLine(new DescentCli()).setOut(new PrintWriter(out, true)).execute("help", "run");
        assertTrue(out.toString().contains("SCRIPT"), out.toString());
    }
}

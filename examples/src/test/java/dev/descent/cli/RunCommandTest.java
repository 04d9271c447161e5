package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.ChildProcesses;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code descent run}: the example scripts' real results, argument passing, exit statuses and
 * errors, and that the script runs in the launcher's own JVM: it gets the JVM's options and system
 * properties, its non-daemon threads keep the run alive as under {@code java}, and killing the
 * launcher (SIGKILL or SIGTERM) leaves no process behind and stops the script.
 *
 * <p>Scripts run in a child JVM started the way {@code ./descent} starts its JVM ({@code java
 * OPTIONS -cp CLASSPATH dev.descent.cli.DescentCli run SCRIPT ARGS}), since a script's
 * {@code System.exit} ends the JVM it runs in; the checks that never start a script run here.
 */
class RunCommandTest {
    /** The scripts under examples/scripts (tests run in the module directory). */
    private static final Path SCRIPTS = Path.of("scripts");
    /** What ./descent gives its JVM when DESCENT_JAVA_OPTS is unset. */
    private static final List<String> LAUNCHER_DEFAULT_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmn32m");
    /** A generous bound for one script run on a busy two-core machine. */
    private static final long RUN_SECONDS = 240;

    @TempDir
    Path tmp;

    /** Every child JVM (and what it had started) so that none outlives its test. */
    private final List<ProcessHandle> started = new ArrayList<>();

    private record Run(int status, String out, String err, long pid) {
    }

    @AfterEach
    void killWhatIsLeft() throws InterruptedException {
        for (ProcessHandle p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (ProcessHandle p : started) {
            try {
                p.onExit().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // reported by the test itself where it matters
            }
        }
    }

    /** Starts {@code java OPTIONS -cp <this JVM's class path> dev.descent.cli.DescentCli ARGS}, as ./descent does. */
    private Process launch(List<String> jvmOptions, Path stdout, Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DescentCli.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(Redirect.PIPE)
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = ChildProcesses.start(pb);
        started.add(p.toHandle());
        return p;
    }

    /** Runs {@code descent run ARGS} in a child JVM with {@code jvmOptions} and waits for it. */
    private Run runWith(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(tmp, "stdout", ".txt");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        List<String> all = new ArrayList<>(List.of("run"));
        all.addAll(List.of(args));
        Process p = launch(jvmOptions, out, err, all.toArray(new String[0]));
        if (!p.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
            fail("descent run " + List.of(args) + " still running after " + RUN_SECONDS + " s; stderr:\n"
                    + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err), p.pid());
    }

    private Run run(String... args) throws IOException, InterruptedException {
        return runWith(LAUNCHER_DEFAULT_OPTIONS, args);
    }

    /** Runs {@code descent run ARGS} in this JVM, for the checks that stop before a script runs. */
    private static Run runHere(RunCommand command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(command).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
        return new Run(status, out.toString(), err.toString(), ProcessHandle.current().pid());
    }

    private Path script(String name, String source) throws IOException {
        return Files.writeString(tmp.resolve(name), source);
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex + " in:\n" + text);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void seedsScriptPrintsTheTwoSeedSteps() throws Exception {
        Run r = run(SCRIPTS.resolve("Seeds.java").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(99.8020, number(r.out(), "x = y = 1\\):\\s+w = 100 -> ([0-9.]+)"), 1e-9);
        assertEquals(92.3770, number(r.out(), "x = y = 1\\.\\.10\\):\\s+w = 100 -> ([0-9.]+)"), 1e-9);
    }

    @Test
    void regressionScriptRecoversTheLineAndTakesItsEpochsArgument() throws Exception {
        Run r = run(SCRIPTS.resolve("Regression.java").toString(), "30");
        assertEquals(0, r.status(), r.err());
        assertEquals(30, number(r.out(), "epochs (\\d+)"));
        assertEquals(300, number(r.out(), "steps (\\d+)"), "200 samples in batches of 20");
        assertEquals(3.0, number(r.out(), "w = (-?[0-9.]+)"), 0.05);
        assertEquals(-0.5, number(r.out(), "b = (-?[0-9.]+)"), 0.05);
        assertTrue(number(r.out(), "test R2 ([0-9.]+)") > 0.99, r.out());
    }

    @Test
    void lossLandscapeScriptWritesAnInteractiveReport() throws Exception {
        Path html = tmp.resolve("landscape.html");
        Run r = run(SCRIPTS.resolve("LossLandscape.java").toString(), html.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("wrote " + html.toAbsolutePath()), r.out());
        assertEquals(20, number(r.out(), "GD +(\\d+) steps"));
        assertEquals(2.9, number(r.out(), "mini-batch +\\d+ steps, ends at w = (-?[0-9.]+)"), 0.15);
        String page = Files.readString(html);
        assertTrue(page.startsWith("<!DOCTYPE html>"), page.substring(0, 40));
        for (String part : List.of("\"kind\":\"surface\"", "\"name\":\"GD\"", "\"name\":\"SGD\"", "\"name\":\"mini-batch\"",
                "\"xLabel\":\"samples processed\"")) {
            assertTrue(page.contains(part), "the report lacks " + part);
        }
    }

    @Test
    void classifierJShellScriptLearnsTheBlobs() throws Exception {
        Run r = run(SCRIPTS.resolve("Classifier.jsh").toString(), "15");
        assertEquals(0, r.status(), r.err());
        assertEquals(15, number(r.out(), "epochs (\\d+)"));
        assertTrue(number(r.out(), "test accuracy ([0-9.]+)") > 0.9, r.out());
        assertTrue(number(r.out(), "last ([0-9.]+)") < number(r.out(), "first epoch loss ([0-9.]+)") / 10, r.out());
    }

    /** What the scripts below print about the JVM they run in. */
    private static final String REPORT = "Runtime.getRuntime().maxMemory() + \" \" + System.getProperty(\"foo\") + \" \""
            + " + ProcessHandle.current().pid()";

    private static void assertRanInTheLaunchersJvm(Run r) {
        assertEquals(0, r.status(), r.err());
        String[] words = r.out().trim().split(" ");
        assertEquals(3, words.length, r.out());
        long maxMemory = Long.parseLong(words[0]);
        assertTrue(maxMemory > 0 && maxMemory <= 300L * 1024 * 1024, "-Xmx300m asked, the script got " + maxMemory);
        assertEquals("bar", words[1], "-Dfoo=bar given to the launcher's JVM");
        assertEquals(r.pid(), Long.parseLong(words[2]), "the script runs in the launcher's process");
    }

    @Test
    void javaScriptGetsTheLaunchersJvmOptionsAndProperties() throws Exception {
        Path heap = script("Heap.java", "public class Heap { public static void main(String[] a) {"
                + " System.out.println(" + REPORT + "); } }");
        assertRanInTheLaunchersJvm(runWith(List.of("-Xmx300m", "-Dfoo=bar"), heap.toString()));
    }

    @Test
    void jshellScriptGetsTheLaunchersJvmOptionsAndProperties() throws Exception {
        Path heap = script("heap.jsh", "System.out.println(" + REPORT + ");\n");
        assertRanInTheLaunchersJvm(runWith(List.of("-Xmx300m", "-Dfoo=bar"), heap.toString()));
    }

    @Test
    void javaScriptGetsItsArgumentsInOrderAndItsExitStatusComesBack() throws Exception {
        Path script = script("Echo.java", "public class Echo { public static void main(String[] a) {"
                + " System.out.println(String.join(\"|\", a)); System.exit(3); } }");
        Run r = run(script.toString(), "one", "--lr", "0.1", "-x");
        assertEquals(3, r.status(), r.err());
        assertEquals("one|--lr|0.1|-x", r.out().trim());
    }

    @Test
    void doubleDashHandsHelpToTheScript() throws Exception {
        Path script = script("Echo.java", "public class Echo { public static void main(String[] a) {"
                + " System.out.println(String.join(\"|\", a)); } }");
        Run r = run(script.toString(), "--", "--help", "-h");
        assertEquals(0, r.status(), r.err());
        assertEquals("--help|-h", r.out().trim());
    }

    @Test
    void theFirstTopLevelClassRunsWhateverItsNameAndPackage() throws Exception {
        Path script = script("Two.java", "package p.q;\nclass First { public static void main(String[] a) {"
                + " System.out.println(\"first \" + First.class.getName() + \" \" + Second.greet()); } }\n"
                + "class Second { static String greet() { return \"second\"; }"
                + " public static void main(String[] a) { System.out.println(\"wrong class\"); } }\n");
        Run r = run(script.toString());
        assertEquals(0, r.status(), r.err());
        assertEquals("first p.q.First second", r.out().trim());
    }

    @Test
    void javaCompileErrorIsPrintedAsJavacPrintsItWithStatusOne() throws IOException {
        Path bad = script("Bad.java", "public class Bad {\n  public static void main(String[] a) {\n"
                + "    int x = undefinedThing + 1;\n  }\n}\n");
        Run r = runHere(new RunCommand(), bad.toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().contains(bad + ":3: error: cannot find symbol"), r.err());
        assertTrue(r.err().contains("undefinedThing"), r.err());
        assertTrue(r.err().strip().endsWith("error: compilation failed"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void scriptWithoutMainExitsOneAsTheSourceLauncherDoes() throws IOException {
        Path script = script("NoMain.java", "class NoMain { static void helper() { } }\n");
        Run r = runHere(new RunCommand(), script.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals("error: can't find main(String[]) method in class: NoMain", r.err().strip());
    }

    @Test
    void uncaughtExceptionIsPrintedAsJavaPrintsItWithStatusOne() throws Exception {
        Path script = script("Boom.java", "public class Boom {\n  static void fail() { throw new IllegalStateException(\"boom\"); }\n"
                + "  public static void main(String[] a) {\n    System.out.println(\"before\");\n    fail();\n  }\n}\n");
        Run r = run(script.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals("before\n", r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals("Exception in thread \"main\" java.lang.IllegalStateException: boom", lines.get(0), r.err());
        assertEquals(List.of("\tat Boom.fail(Boom.java:2)", "\tat Boom.main(Boom.java:5)"), lines.subList(1, 3), r.err());
        assertEquals(3, lines.size(), "the runner's own frames are dropped, as the source launcher drops its own:\n"
                + r.err());
    }

    @Test
    void runEndsWhenTheScriptsNonDaemonThreadsEnd() throws Exception {
        Path script = script("Threads.java", "public class Threads { public static void main(String[] a) throws Exception {\n"
                + "  Thread idle = new Thread(() -> { try { Thread.sleep(Long.MAX_VALUE); } catch (InterruptedException e) { } });\n"
                + "  idle.setDaemon(true);\n  idle.start();\n"
                + "  new Thread(() -> { try { Thread.sleep(1500); } catch (InterruptedException e) { }\n"
                + "    System.out.println(\"worker done\"); System.exit(5); }).start();\n"
                + "  System.out.println(\"main done\");\n} }\n");
        Run r = run(script.toString());
        assertEquals(5, r.status(), "the worker's System.exit(5) decides, after main returned:\n" + r.err());
        assertEquals("main done\nworker done\n", r.out());

        Path quiet = script("Worker.java", "public class Worker { public static void main(String[] a) {\n"
                + "  new Thread(() -> { try { Thread.sleep(1500); } catch (InterruptedException e) { }\n"
                + "    System.out.println(\"worker done\"); }).start();\n  System.out.println(\"main done\");\n} }\n");
        Run q = run(quiet.toString());
        assertEquals(0, q.status(), q.err());
        assertEquals("main done\nworker done\n", q.out());
    }

    @Test
    void sigkillToTheLauncherStopsTheScriptAndLeavesNoProcess() throws Exception {
        killTheLauncherWhileTheScriptWrites(true);
    }

    @Test
    void sigtermToTheLauncherStopsTheScriptAndLeavesNoProcess() throws Exception {
        killTheLauncherWhileTheScriptWrites(false);
    }

    /** A script appends to a file from main and from a second thread until killed; kill ./descent's JVM. */
    private void killTheLauncherWhileTheScriptWrites(boolean forcibly) throws Exception {
        Path script = script("Loop.java", "import java.nio.file.*;\npublic class Loop {\n"
                + "  static void append(Path f, String s) { try { Files.writeString(f, s, StandardOpenOption.CREATE,"
                + " StandardOpenOption.APPEND); Thread.sleep(20); } catch (Exception e) { throw new RuntimeException(e); } }\n"
                + "  public static void main(String[] a) {\n    Path f = Path.of(a[0]);\n"
                + "    new Thread(() -> { while (true) append(f, \"t\\n\"); }, \"writer\").start();\n"
                + "    while (true) append(f, \"m\\n\");\n  }\n}\n");
        Path file = tmp.resolve("growing.txt");
        Process p = launch(LAUNCHER_DEFAULT_OPTIONS, tmp.resolve("loop.out"), tmp.resolve("loop.err"),
                "run", script.toString(), file.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(RUN_SECONDS);
        while (!(Files.exists(file) && Files.readString(file).contains("t\n") && Files.size(file) > 100)) {
            assertTrue(p.isAlive(), () -> "the script ended early: " + read(tmp.resolve("loop.err")));
            assertTrue(System.nanoTime() < deadline, "the script never wrote");
            Thread.sleep(50);
        }
        List<ProcessHandle> descendants = p.descendants().toList();
        started.addAll(descendants);

        if (forcibly) {
            p.destroyForcibly(); // SIGKILL
        } else {
            p.destroy(); // SIGTERM
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "the launcher survived its signal");
        for (ProcessHandle d : descendants) {
            try {
                d.onExit().get(10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                fail("process " + d.pid() + " " + d.info().commandLine().orElse("") + " outlived the launcher");
            }
        }
        long size = Files.size(file);
        Thread.sleep(1000);
        assertEquals(size, Files.size(file), "the file still grows: something still runs the script");
        assertFalse(ProcessHandle.allProcesses().anyMatch(h -> h.info().arguments()
                .map(args -> List.of(args).contains(file.toString())).orElse(false)),
                "a process still has the script's file among its arguments");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void jshellScriptSeesArgsAndExitsWithTheStatusGiven() throws Exception {
        Path script = script("echo.jsh", "// a comment first\nSystem.out.println(String.join(\"|\", args))\n"
                + "List<Integer> xs = List.of(1, 2, 3);  /* default imports */\n"
                + "System.out.println(xs.stream().mapToInt(i -> i).sum());\n/exit 4\nSystem.out.println(\"not reached\");\n");
        Run r = run(script.toString(), "a", "b c");
        assertEquals(4, r.status(), r.err());
        assertEquals("a|b c\n6\n", r.out());
    }

    @Test
    void jshellScriptSystemExitEndsTheRunWithItsStatus() throws Exception {
        Path script = script("exit.jsh", "System.out.println(\"bye\");\nSystem.exit(3);\nSystem.out.println(\"not reached\");\n");
        Run r = run(script.toString());
        assertEquals(3, r.status(), r.err());
        assertEquals("bye\n", r.out());
    }

    @Test
    void jshellScriptStopsAtTheFirstSnippetThatFailsToCompile() throws Exception {
        Path script = script("bad.jsh", "System.out.println(\"before\");\n\nint b = undefinedThing + 1;\nSystem.out.println(\"after\");\n");
        Run r = run(script.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals("before\n", r.out());
        assertTrue(r.err().contains("bad.jsh:3: this snippet does not compile"), r.err());
        assertTrue(r.err().contains("undefinedThing"), r.err());
    }

    @Test
    void jshellScriptStopsAtTheFirstException() throws Exception {
        Path script = script("throws.jsh", "int[] a = new int[2];\na[5] = 1;\nSystem.out.println(\"after\");\n");
        Run r = run(script.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().contains("throws.jsh:2: java.lang.ArrayIndexOutOfBoundsException"), r.err());
    }

    @Test
    void javaScriptWithoutACompilerExitsTwoWithOneLine() throws IOException {
        Path script = script("Echo.java", "public class Echo { public static void main(String[] a) { } }");
        RunCommand command = new RunCommand();
        command.compiler = () -> null; // as in a JRE
        Run r = runHere(command, script.toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().startsWith("descent run: cannot run ") && r.err().contains("has no Java compiler"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void missingScriptExitsTwoWithOneLine() {
        Run r = runHere(new RunCommand(), tmp.resolve("Nope.java").toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("descent run: no such script: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void unknownExtensionExitsTwoWithOneLine() throws IOException {
        Path script = script("model.py", "print(1)\n");
        Run r = runHere(new RunCommand(), script.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().contains("unknown script type"), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void descentListsTheRunCommand() {
        StringWriter out = new StringWriter();
        new CommandLine(new DescentCli()).setOut(new PrintWriter(out, true)).execute("help", "run");
        assertTrue(out.toString().contains("SCRIPT"), out.toString());
        assertTrue(out.toString().contains("in this JVM"), out.toString());
    }
}

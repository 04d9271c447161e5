package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.descent.ChildProcesses;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code descent run model.kts}: the example Kotlin scripts' real results, the script's arguments,
 * exit status and JVM, compile errors as {@code file:line:column}, exceptions with the script's
 * lines, and the cache of compiled scripts (a second run compiles nothing; a changed script
 * compiles again).
 *
 * <p>Scripts run in a child JVM started as {@code ./descent} starts its JVM (a script's
 * {@code exitProcess} ends the JVM it runs in), with the cache in a folder of this test class.
 */
class KotlinScriptTest {
    private static final Path SCRIPTS = Path.of("scripts");
    private static final long RUN_SECONDS = 300;

    /** The compiled-script cache of every run here (shared, as a user's is across runs). */
    @TempDir
    static Path cache;

    @TempDir
    Path tmp;

    private final List<Process> started = new ArrayList<>();

    private record Run(int status, String out, String err, long pid) {
    }

    @AfterEach
    void killWhatIsLeft() {
        started.forEach(ChildProcesses::destroy);
    }

    /** {@code java OPTIONS -Ddescent.kts.cache=... -cp <this class path> dev.descent.cli.DescentCli run ARGS}. */
    private Run runWith(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:+UseSerialGC", "-Xmn32m"));
        command.addAll(jvmOptions);
        command.add("-Ddescent.kts.cache=" + cache);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(DescentCli.class.getName());
        command.add("run");
        command.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "stdout", ".txt");
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).redirectInput(Redirect.PIPE)
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = ChildProcesses.start(pb);
        started.add(p);
        if (!p.waitFor(RUN_SECONDS, TimeUnit.SECONDS)) {
            fail("descent run " + List.of(args) + " still running after " + RUN_SECONDS + " s; stderr:\n"
                    + Files.readString(err));
        }
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err), p.pid());
    }

    private Run run(String... args) throws IOException, InterruptedException {
        return runWith(List.of(), args);
    }

    private Path script(String name, String source) throws IOException {
        return Files.writeString(tmp.resolve(name), source);
    }

    private static double number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex + " in:\n" + text);
        return Double.parseDouble(m.group(1));
    }

    private static List<Path> cachedJars() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted().toList();
        }
    }

    @Test
    void seedsScriptPrintsTheTwoSeedSteps() throws Exception {
        Run r = run(SCRIPTS.resolve("seeds.kts").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(99.8020, number(r.out(), "x = y = 1\\):\\s+w = 100 -> ([0-9.]+)"), 1e-9);
        assertEquals(92.3770, number(r.out(), "x = y = 1\\.\\.10\\):\\s+w = 100 -> ([0-9.]+)"), 1e-9);
    }

    @Test
    void raceScriptShowsTheSameSampleBudgetAndWhatEachVariantReached() throws Exception {
        Run r = run(SCRIPTS.resolve("race.kts").toString(), "5");
        assertEquals(0, r.status(), r.err());
        String row = "\\s+(\\d+)\\s+(\\d+)\\s+([0-9.]+)\\s+(-?[0-9.]+)\\s+(-?[0-9.]+)";
        double[] gd = row(r.out(), "GD" + row);
        double[] sgd = row(r.out(), "SGD" + row);
        double[] mini = row(r.out(), "mini-batch" + row);
        assertEquals(5, gd[0], "GD: one step per epoch");
        assertEquals(2500, sgd[0], "SGD: one step per sample");
        assertEquals(100, mini[0], "mini-batch: 500 / 25 steps per epoch");
        for (double[] v : List.of(gd, sgd, mini)) {
            assertEquals(2500, v[1], "every variant processes 5 epochs of 500 samples:\n" + r.out());
        }
        assertTrue(sgd[2] < gd[2] && mini[2] < gd[2], "with the same samples, SGD and mini-batch get further:\n" + r.out());
        assertEquals(3.0, sgd[3], 0.2, r.out());
        assertEquals(2.0, mini[4], 0.2, r.out());
    }

    private static double[] row(String text, String regex) {
        Matcher m = Pattern.compile("(?m)^" + regex).matcher(text);
        assertTrue(m.find(), "no row " + regex + " in:\n" + text);
        double[] v = new double[m.groupCount()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Double.parseDouble(m.group(i + 1));
        }
        return v;
    }

    @Test
    void bowlScriptWritesItsTrajectoryPlot() throws Exception {
        Path out = tmp.resolve("plots");
        Run r = run(SCRIPTS.resolve("bowl.kts").toString(), out.toString(), "30");
        assertEquals(0, r.status(), r.err());
        Path png = out.resolve("bowl-trajectories.png");
        assertTrue(Files.size(png) > 10_000, "a PNG was written");
        byte[] head = Files.readAllBytes(png);
        assertEquals("PNG", new String(head, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
        // GD shrinks each coordinate by 1 - 2 lr = 0.8 per step: 0.8^30 = 1.24e-3
        assertEquals(1.24e-3, number(r.out(), "GD:.*-> \\(([0-9.e-]+),"), 1e-4);
        assertTrue(r.out().contains("after 30 steps"), r.out());
        assertTrue(r.out().contains("plot: " + png), r.out());
    }

    @Test
    void digitsScriptLearnsTheDigits() throws Exception {
        Run r = run(SCRIPTS.resolve("digits.kts").toString(), "10");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("1438 training and 359 held-out digits, 10 epochs"), r.out());
        assertTrue(number(r.out(), "test accuracy ([0-9.]+)") > 0.9, r.out());
        assertTrue(r.out().contains("epoch  10: loss"), r.out());
    }

    @Test
    void cnnScriptLearnsTheDigits() throws Exception {
        Run r = run(SCRIPTS.resolve("digits-cnn.kts").toString(), "4");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("1438 training and 359 held-out digits, 4 epochs"), r.out());
        assertTrue(number(r.out(), "test accuracy ([0-9.]+)") > 0.9, r.out());
    }

    @Test
    void aScriptGetsItsArgumentsAndTheLaunchersJvmAndItsExitStatusComesBack() throws Exception {
        Path script = script("echo.main.kts", "println(args.joinToString(\"|\"))\n"
                + "println(\"${Runtime.getRuntime().maxMemory()} ${System.getProperty(\"foo\")} ${ProcessHandle.current().pid()}\")\n"
                + "exitProcess(3)\n");
        Run r = runWith(List.of("-Xmx300m", "-Dfoo=bar"), script.toString(), "one", "--lr", "0.1", "-x");
        assertEquals(3, r.status(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("one|--lr|0.1|-x", lines.get(0));
        String[] words = lines.get(1).split(" ");
        assertTrue(Long.parseLong(words[0]) <= 300L * 1024 * 1024, "-Xmx300m asked, the script got " + words[0]);
        assertEquals("bar", words[1], "-Dfoo=bar given to the launcher's JVM");
        assertEquals(r.pid(), Long.parseLong(words[2]), "the script runs in the launcher's process");
    }

    @Test
    void anExceptionIsPrintedAsJavaPrintsItWithTheScriptsLines() throws Exception {
        Path script = script("boom.kts", "println(\"before\")\nfun fail(): Nothing = throw IllegalStateException(\"boom\")\n"
                + "val a = param(\"a\", 1.0)\nfail()\n");
        Run r = run(script.toString());
        assertEquals(1, r.status(), r.err());
        assertEquals("before\n", r.out());
        assertEquals(List.of("Exception in thread \"main\" java.lang.IllegalStateException: boom",
                "\tat Boom.fail(boom.kts:2)", "\tat Boom.<init>(boom.kts:4)"), r.err().lines().toList(),
                "the trace ends at the script's line, without the host's frames");
    }

    @Test
    void aCompileErrorIsFileLineColumnWithStatusOne() throws IOException {
        Path bad = script("bad.kts", "val x = input(\"x\", 1)\nval y = undefinedThing + 1\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = new CommandLine(new RunCommand()).setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true)).execute(bad.toString());
        assertEquals(1, status, err.toString());
        assertTrue(err.toString().startsWith(bad + ":2:9: error: "), err.toString());
        assertTrue(err.toString().contains("undefinedThing"), err.toString());
        assertEquals("", out.toString());
    }

    @Test
    void aSecondRunLoadsTheCompiledScriptAndAChangedScriptCompilesAgain() throws Exception {
        Path script = script("twice.kts", "val w = param(\"w\", 2.0)\nprintln(minimize(w * w) { optimizer = sgd(0.25); steps = 1 }[\"w\"].last())\n");
        List<Path> before = cachedJars();
        Run first = run(script.toString());
        assertEquals(0, first.status(), first.err());
        assertEquals("1.0\n", first.out());
        List<Path> added = new ArrayList<>(cachedJars());
        added.removeAll(before);
        assertEquals(1, added.size(), "the first run caches one compiled script");
        Path jar = added.get(0);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000_000_000L));

        Run second = run(script.toString());
        assertEquals(0, second.status(), second.err());
        assertEquals("1.0\n", second.out());
        assertEquals(FileTime.fromMillis(1_000_000_000_000L), Files.getLastModifiedTime(jar),
                "the second run loads the cached script, compiling (and writing) nothing");
        assertEquals(before.size() + 1, cachedJars().size());

        Files.writeString(script, Files.readString(script).replace("0.25", "0.5"));
        Run changed = run(script.toString());
        assertEquals("0.0\n", changed.out(), changed.err());
        assertEquals(before.size() + 2, cachedJars().size(), "a changed script is compiled and cached again");
    }
}

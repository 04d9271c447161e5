package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .java} scripts are compiled once: a second run of the unchanged script runs from the cache
 * without a compiler; a changed script, a damaged entry or a changed class path compiles again.
 */
class ScriptCacheTest {
    @TempDir
    Path tmp;

    private record Result(int status, String out, String err) {
    }

    /** Runs the script in this JVM (it must not call System.exit); {@code withCompiler} false offers no javac. */
    private Result run(Path script, ScriptCache cache, boolean withCompiler, String... args) {
        StringWriter err = new StringWriter();
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int status = JavaSourceScript.run(script, args, withCompiler ? ToolProvider::getSystemJavaCompiler : () -> null,
                    new PrintWriter(err, true), cache);
            return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    private static String hello(String greeting) {
        return "public class Hello {\n"
                + "    static class Inner { static String twice(String s) { return s + s; } }\n"
                + "    public static void main(String[] args) {\n"
                + "        System.out.println(\"" + greeting + " \" + Inner.twice(args[0]));\n"
                + "    }\n"
                + "}\n";
    }

    private List<Path> entries(ScriptCache cache) throws IOException {
        try (Stream<Path> files = Files.list(cache.dir())) {
            return files.toList();
        }
    }

    @Test
    void anUnchangedScriptRunsFromTheCacheWithoutACompiler() throws IOException {
        ScriptCache cache = new ScriptCache(tmp.resolve("cache"));
        Path script = Files.writeString(tmp.resolve("Hello.java"), hello("hi"));
        Result first = run(script, cache, true, "ab");
        assertEquals(0, first.status(), first.err());
        assertEquals("hi abab", first.out().strip());
        assertEquals(1, entries(cache).size(), "one compiled entry");

        Result cached = run(script, cache, false, "cd");
        assertEquals(0, cached.status(), "no compiler was offered, so the classes came from the cache: " + cached.err());
        assertEquals("hi cdcd", cached.out().strip(), "the nested class came from the cache too");

        Files.writeString(script, hello("hello"));
        Result changed = run(script, cache, false, "x");
        assertEquals(JavaSourceScript.CANNOT_RUN, changed.status(), "a changed script is not found in the cache");
        assertTrue(changed.err().contains("no Java compiler"), changed.err());
        assertEquals("hello xx", run(script, cache, true, "x").out().strip());
        assertEquals(2, entries(cache).size(), "one entry per version of the script");
        assertTrue(entries(cache).stream().allMatch(p -> p.getFileName().toString().endsWith(".jar")),
                "no temporary file left: " + entries(cache));
    }

    @Test
    void aDamagedEntryIsCompiledAgain() throws IOException {
        ScriptCache cache = new ScriptCache(tmp.resolve("cache"));
        Path script = Files.writeString(tmp.resolve("Hello.java"), hello("hi"));
        assertEquals(0, run(script, cache, true, "a").status());
        Path entry = entries(cache).get(0);
        Files.writeString(entry, "not a jar");
        Result again = run(script, cache, true, "b");
        assertEquals(0, again.status(), again.err());
        assertEquals("hi bb", again.out().strip());
        assertNotEquals("not a jar", Files.readString(entry, StandardCharsets.ISO_8859_1), "the entry was written anew");
        assertEquals(0, run(script, cache, false, "c").status(), "and serves the next run");
    }

    @Test
    void theKeyCoversTheClassPathAndTheName() {
        ScriptCache cache = new ScriptCache(tmp);
        Path a = tmp.resolve("A.java");
        List<java.io.File> cp = List.of(tmp.resolve("lib.jar").toFile());
        Path base = cache.entry("javac", a, "class A {}", cp);
        assertEquals(base, cache.entry("javac", a, "class A {}", cp), "the same inputs, the same entry");
        assertNotEquals(base, cache.entry("javac", tmp.resolve("B.java"), "class A {}", cp));
        assertNotEquals(base, cache.entry("javac", a, "class A { }", cp));
        assertNotEquals(base, cache.entry("javac 2", a, "class A {}", cp));
        assertNotEquals(base, cache.entry("javac", a, "class A {}", List.of(tmp.resolve("other.jar").toFile())));
    }
}

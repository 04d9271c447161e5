package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.store.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write cut short by a kill leaves {@code .NAME.*.tmp}; the next write to that target removes it. */
class AtomicFilesLeftoversTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aWriteKilledMidwayLeavesItsTemporaryFileAndTheNextWriteRemovesIt() throws Exception {
        Path target = dir.resolve("run.ckpt");
        Files.writeString(target, "previous");
        Process child = ChildJvm.start(InterruptedWriteChild.class, target.toString());
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("WRITING", out.readLine(), "the child reached the middle of its write");
            child.destroyForcibly(); // SIGKILL: no finally block runs in the child
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        List<String> left = names();
        assertEquals(2, left.size(), () -> "expected the target and one leftover, found " + left);
        assertTrue(left.get(0).matches("\\.run\\.ckpt\\.[0-9a-z]+\\.tmp"), () -> "leftover: " + left);
        assertEquals("previous", Files.readString(target), "the target is untouched by the killed write");

        AtomicFiles.writeBytes(target, "next".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("run.ckpt"), names());
        assertEquals("next", Files.readString(target));
    }

    @Test
    void onlyLeftoversOfTheSameTargetAndOfExactlyThatPatternAreRemoved() throws IOException {
        for (String name : List.of(".model.bin.k3x9.tmp", ".model.bin.3w5e11264sgsf.tmp", ".other.bin.k3x9.tmp",
                ".model.bin.tmp", ".model.bin.K3X9.tmp", ".model.bin.k3x9.tmp.keep", "model.bin.k3x9.tmp",
                ".model.binx.k3x9.tmp")) {
            Files.writeString(dir.resolve(name), name);
        }
        byte[] content = {1, 2, 3};
        AtomicFiles.writeBytes(dir.resolve("model.bin"), content);
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("model.bin")));
        assertEquals(List.of(".model.bin.K3X9.tmp", ".model.bin.k3x9.tmp.keep", ".model.bin.tmp", ".model.binx.k3x9.tmp",
                ".other.bin.k3x9.tmp", "model.bin", "model.bin.k3x9.tmp"), names());
    }

    @Test
    void aWriteInFlightInThisJvmIsNotTakenForALeftover() throws IOException {
        Path target = dir.resolve("a.bin");
        AtomicFiles.write(target, out -> {
            List<String> during = names();
            assertEquals(1, during.size(), () -> "the outer write's temporary file: " + during);
            // a second write of the same target while the first is still writing must leave the first's file alone
            AtomicFiles.writeBytes(target, new byte[] {9});
            assertEquals(during.get(0), names().stream().filter(n -> n.endsWith(".tmp")).findFirst().orElse(""));
            out.write(new byte[] {7});
        });
        assertArrayEquals(new byte[] {7}, Files.readAllBytes(target));
        assertEquals(List.of("a.bin"), names());
    }
}

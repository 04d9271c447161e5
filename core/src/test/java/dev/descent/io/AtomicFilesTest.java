package dev.descent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void createsNewFileWithExactBytes() throws IOException {
        Path target = dir.resolve("a.bin");
        byte[] bytes = {1, 2, 3, (byte) 0xff};
        AtomicFiles.writeBytes(target, bytes);
        assertArrayEquals(bytes, Files.readAllBytes(target));
        assertEquals(List.of("a.bin"), names());
    }

    @Test
    void replacesExistingTarget() throws IOException {
        Path target = dir.resolve("a.txt");
        Files.writeString(target, "old content that is longer than the new one");
        AtomicFiles.write(target, out -> out.write("new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("a.txt"), names());
    }

    @Test
    void writerClosingTheStreamIsHarmless() throws IOException {
        Path target = dir.resolve("c.txt");
        AtomicFiles.write(target, out -> {
            out.write('x');
            out.close();
        });
        assertEquals("x", Files.readString(target));
    }

    @Test
    void largeContentIsWrittenCompletely() throws IOException {
        byte[] big = new byte[1 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        Path target = dir.resolve("big.bin");
        AtomicFiles.write(target, out -> {
            for (int i = 0; i < big.length; i += 1000) {
                out.write(big, i, Math.min(1000, big.length - i));
            }
        });
        assertArrayEquals(big, Files.readAllBytes(target));
    }

    @Test
    void failingWriterLeavesOldTargetAndNoTempFile() throws IOException {
        Path target = dir.resolve("keep.txt");
        Files.writeString(target, "original");
        IOException boom = new IOException("disk on fire");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> AtomicFiles.write(target, out -> {
                    out.write("partial".getBytes(StandardCharsets.UTF_8));
                    throw boom;
                }));
        assertSame(boom, e.getCause());
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertEquals("original", Files.readString(target));
        assertEquals(List.of("keep.txt"), names());
    }

    @Test
    void uncheckedWriterFailureIsWrappedAndCleanedUp() throws IOException {
        Path target = dir.resolve("new.txt");
        IllegalStateException boom = new IllegalStateException("bad state");
        DescentException e = assertThrows(DescentException.class,
                () -> AtomicFiles.write(target, out -> {
                    out.write(1);
                    throw boom;
                }));
        assertSame(boom, e.getCause());
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(List.of(), names());
    }

    @Test
    void missingParentDirectoryIsAClearError() {
        Path target = dir.resolve("no/such/dir/x.png");
        DescentException e = assertThrows(DescentException.class,
                () -> AtomicFiles.writeBytes(target, new byte[] {1}));
        assertTrue(e.getMessage().contains(target.getParent().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("createDirectories"), e.getMessage());
    }

    @Test
    void targetThatIsADirectoryIsRejected() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        DescentException e = assertThrows(DescentException.class,
                () -> AtomicFiles.writeBytes(sub, new byte[] {1}));
        assertTrue(e.getMessage().contains("directory"), e.getMessage());
        assertTrue(Files.isDirectory(sub));
    }

    @Test
    void relativePathsWork() throws IOException {
        Path target = dir.resolve("r.txt");
        Path relative = Path.of("").toAbsolutePath().relativize(target);
        AtomicFiles.writeBytes(relative, "rel".getBytes(StandardCharsets.UTF_8));
        assertEquals("rel", Files.readString(target));
    }
}

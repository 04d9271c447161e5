package dev.descent.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Compiled model scripts kept between runs ({@code .java} and {@code .kts} alike), one file per script
 * version, named by a content hash of everything that changes the compiled classes: the compiler and
 * its options, the script's name and text, and every class-path entry's path, size and modification
 * time. A second run of an unchanged script loads its classes and never starts the compiler. The
 * cache is a convenience: an entry is written atomically, a damaged or unwritable one only means the
 * script is compiled again.
 */
final class ScriptCache {
    private final Path dir;

    ScriptCache(Path dir) {
        this.dir = dir;
    }

    /**
     * The cache of one kind of script: the folder the system property {@code descent.KIND.cache}
     * names, else {@code $XDG_CACHE_HOME/descent/KIND}, else {@code ~/.cache/descent/KIND}.
     */
    static ScriptCache of(String kind) {
        String property = System.getProperty("descent." + kind + ".cache");
        if (property != null) {
            return new ScriptCache(Path.of(property));
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return new ScriptCache(base.resolve("descent").resolve(kind));
    }

    Path dir() {
        return dir;
    }

    /** Where the compiled form of {@code text} (from {@code file}) lives, for the compiler described by {@code compiler}. */
    Path entry(String compiler, Path file, String text, List<File> classPath) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        StringBuilder key = new StringBuilder(compiler).append('\n').append(file.getFileName()).append('\n');
        for (File entry : classPath) {
            key.append(entry.getAbsolutePath()).append(' ').append(entry.length()).append(' ')
                    .append(entry.lastModified()).append('\n');
        }
        md.update(key.toString().getBytes(StandardCharsets.UTF_8));
        md.update(text.getBytes(StandardCharsets.UTF_8));
        return dir.resolve(HexFormat.of().formatHex(md.digest()) + ".jar");
    }

    /** Writes an entry by what {@code write} puts into a temporary file beside it; failures leave no entry. */
    static void store(Path entry, Writer write) {
        try {
            Files.createDirectories(entry.getParent());
            Path tmp = Files.createTempFile(entry.getParent(), "script", ".tmp");
            try {
                write.to(tmp);
                try {
                    Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // no cache entry: the next run compiles again
        }
    }

    /** Writes a cache entry's content into a file. */
    @FunctionalInterface
    interface Writer {
        void to(Path file) throws IOException;
    }
}

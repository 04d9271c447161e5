package dev.descent.io;

import dev.descent.DescentException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files atomically: readers (and a crash at any moment) see either the old file or the
 * complete new one, never a truncated mix.
 *
 * <p>The content goes to a hidden temporary file in the target's directory (same file system, so
 * the final rename can be atomic), which is forced to disk, then moved over the target with
 * {@code ATOMIC_MOVE}; finally the directory itself is forced where the platform allows it, so the
 * rename survives a power cut. If anything fails the temporary file is deleted and an unchecked
 * exception naming the target is thrown; an existing target is then left untouched.
 *
 * <p>A process killed while writing leaves its temporary file behind ({@code .NAME.<random>.tmp},
 * beside the target): the next write to the same target deletes such leftovers first (only files
 * of exactly that pattern, and never one that a write of this JVM still has open; a write of
 * another process to the same target at the same moment may lose its temporary file and fail, as
 * two processes replacing one file race anyway).
 *
 * <pre>{@code
 * AtomicFiles.writeBytes(Path.of("model.bin"), bytes);
 * AtomicFiles.write(Path.of("loss.png"), out -> ImageIO.write(image, "png", out));
 * }</pre>
 */
public final class AtomicFiles {
    private static final Logger LOG = LoggerFactory.getLogger(AtomicFiles.class);

    /** Temporary files of writes running in this JVM: never taken for leftovers. */
    private static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    private AtomicFiles() {}

    /**
     * Produces a file's content. May throw {@link IOException} so that stream-based APIs can be
     * called directly from a lambda; it need not (and should not) close the stream.
     */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Atomically replaces (or creates) {@code target} with the given bytes.
     *
     * @throws UncheckedIOException if the file cannot be written; the message names the path
     * @throws DescentException if the parent directory does not exist
     */
    public static void writeBytes(Path target, byte[] content) {
        Objects.requireNonNull(content, "content");
        write(target, out -> out.write(content));
    }

    /**
     * Atomically replaces (or creates) {@code target} with what {@code writer} writes to the stream
     * it is given. The stream is buffered; closing it from the writer is harmless.
     *
     * @throws UncheckedIOException if the file cannot be written; the message names the path
     * @throws DescentException if the parent directory does not exist, or wrapping any unchecked
     *     exception thrown by {@code writer} (the original is the cause)
     */
    public static void write(Path target, ContentWriter writer) {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(writer, "writer");
        Path absolute = target.toAbsolutePath().normalize();
        Path dir = absolute.getParent();
        if (dir == null || absolute.getFileName() == null) {
            throw new IllegalArgumentException(
                    "target must name a file, got '" + target + "'; pass a path such as out/plot.png");
        }
        if (!Files.isDirectory(dir)) {
            throw new DescentException("Cannot write '" + absolute + "': directory '" + dir
                    + "' does not exist; create it first, e.g. Files.createDirectories(path.getParent())");
        }
        if (Files.isDirectory(absolute)) {
            throw new DescentException("Cannot write '" + absolute
                    + "': it is a directory; pass a file path");
        }
        Path temp = dir.resolve("." + absolute.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
        IN_FLIGHT.add(temp);
        boolean moved = false;
        try {
            removeLeftovers(dir, absolute.getFileName().toString());
            writeAndForce(temp, writer);
            move(temp, absolute);
            moved = true;
            forceDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write '" + absolute + "': " + e, e);
        } catch (DescentException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new DescentException("Could not write '" + absolute + "': the content writer failed with "
                    + e, e);
        } finally {
            if (!moved) {
                deleteQuietly(temp);
            }
            IN_FLIGHT.remove(temp);
        }
    }

    /** Deletes {@code .NAME.<random>.tmp} files that killed writes of {@code name} left in {@code dir}. */
    private static void removeLeftovers(Path dir, String name) throws IOException {
        Pattern leftover = Pattern.compile(Pattern.quote("." + name + ".") + "[0-9a-z]{1,13}\\.tmp");
        List<Path> found;
        try (Stream<Path> files = Files.list(dir)) {
            found = files.filter(f -> leftover.matcher(f.getFileName().toString()).matches() && !IN_FLIGHT.contains(f)).toList();
        }
        for (Path f : found) {
            LOG.debug("Removing {}, left by a write of {} that did not finish", f, name);
            deleteQuietly(f);
        }
    }

    private static void writeAndForce(Path temp, ContentWriter writer) throws IOException {
        // CREATE_NEW rather than Files.createTempFile: the latter makes the file owner-only (0600),
        // and that mode would stick to the target after the rename.
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            BufferedOutputStream buffered =
                    new BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
            writer.writeTo(new FilterOutputStream(buffered) {
                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len); // FilterOutputStream's default writes byte by byte
                }

                @Override
                public void close() throws IOException {
                    flush(); // keep the channel open: it still has to be forced
                }
            });
            buffered.flush();
            channel.force(true);
        }
    }

    private static void move(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Same directory, so this only happens on exotic file systems; a plain replace is the
            // best that is available there.
            LOG.debug("Atomic move not supported for {}; falling back to a plain replace", target);
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void forceDirectory(Path dir) {
        // Makes the rename itself durable. Opening a directory fails on Windows; that is expected.
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            LOG.debug("Could not fsync directory {}: {}", dir, e.toString());
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException e) {
            LOG.warn("Could not delete temporary file {}: {}", temp, e.toString());
        }
    }
}

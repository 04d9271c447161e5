package dev.descent.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A little-endian float32 file written in order through one reusable buffer (constant memory),
 * with the whole-file passes an import needs: rewrite in place, copy through a function, checksum.
 */
final class FloatFile implements AutoCloseable {

    static final int CHUNK_FLOATS = 1 << 18;

    private final FileChannel channel;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
    private long floats;

    FloatFile(Path path) throws IOException {
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);
    }

    void write(float[] values, int count) throws IOException {
        for (int i = 0; i < count; i++) {
            if (!buffer.hasRemaining()) {
                flush();
            }
            buffer.putFloat(values[i]);
        }
        floats += count;
    }

    long floats() {
        return floats;
    }

    private void flush() throws IOException {
        buffer.flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        buffer.clear();
    }

    /** Finishes writing and forces the content to disk. */
    @Override
    public void close() throws IOException {
        try {
            flush();
            channel.force(true);
        } finally {
            channel.close();
        }
    }

    /** A pass over {@code path} in chunks: {@code edit} gets each chunk and the index of its first float. */
    interface Edit {
        void apply(float[] chunk, int length, long firstFloat);
    }

    /** Reads {@code path} chunk by chunk ({@code edit}'s changes are dropped). */
    static void read(Path path, Edit edit) throws IOException {
        pass(path, edit, false);
    }

    /** Rewrites {@code path} in place, chunk by chunk. */
    static void rewrite(Path path, Edit edit) throws IOException {
        pass(path, edit, true);
    }

    private static void pass(Path path, Edit edit, boolean write) throws IOException {
        try (FileChannel ch = write ? FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocateDirect(CHUNK_FLOATS * 4).order(ByteOrder.LITTLE_ENDIAN);
            float[] chunk = new float[CHUNK_FLOATS];
            long size = ch.size();
            for (long pos = 0; pos < size; pos += b.capacity()) {
                b.clear();
                // up to a full chunk or the end of the file
                while (b.hasRemaining() && ch.read(b, pos + b.position()) >= 0) {
                    // fill the chunk
                }
                b.flip();
                int n = b.remaining() / 4;
                b.asFloatBuffer().get(chunk, 0, n);
                edit.apply(chunk, n, pos / 4);
                if (!write) {
                    continue;
                }
                b.clear();
                b.asFloatBuffer().put(chunk, 0, n);
                b.limit(n * 4);
                while (b.hasRemaining()) {
                    ch.write(b, pos + b.position());
                }
            }
            if (write) {
                ch.force(true);
            }
        }
    }

    /** The CRC-32C of the file's bytes, as 8 hex digits. */
    static String checksum(Path path) throws IOException {
        CRC32C crc = new CRC32C();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
            while (ch.read(b) >= 0) {
                b.flip();
                crc.update(b);
                b.clear();
            }
        }
        return String.format("%08x", crc.getValue());
    }
}

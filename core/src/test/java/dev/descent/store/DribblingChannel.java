package dev.descent.store;

import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A read-only {@link FileChannel} over bytes in memory that uses all the leeway a channel's
 * contract gives a positional read: every other call reads nothing (0), the others at most 3
 * bytes, and a read at or past the end returns -1. Readers must loop until they have what they
 * asked for and stop at the end; a local file rarely behaves like this, a network file system may.
 */
final class DribblingChannel extends FileChannel {
    private final byte[] bytes;
    private int calls;

    DribblingChannel(byte[] bytes) {
        this.bytes = bytes;
    }

    @Override
    public int read(ByteBuffer dst, long position) {
        if (position >= bytes.length) {
            return -1;
        }
        if (calls++ % 2 == 0) {
            return 0;
        }
        int n = (int) Math.min(Math.min(3, dst.remaining()), bytes.length - position);
        dst.put(bytes, (int) position, n);
        return n;
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public int read(ByteBuffer dst) {
        throw new UnsupportedOperationException("positional reads only");
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) {
        throw new UnsupportedOperationException("positional reads only");
    }

    @Override
    public int write(ByteBuffer src) {
        throw new UnsupportedOperationException("read-only");
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new UnsupportedOperationException("read-only");
    }

    @Override
    public int write(ByteBuffer src, long position) {
        throw new UnsupportedOperationException("read-only");
    }

    @Override
    public long position() {
        throw new UnsupportedOperationException("positional reads only");
    }

    @Override
    public FileChannel position(long newPosition) {
        throw new UnsupportedOperationException("positional reads only");
    }

    @Override
    public FileChannel truncate(long size) {
        throw new UnsupportedOperationException("read-only");
    }

    @Override
    public void force(boolean metaData) {
    }

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) {
        throw new UnsupportedOperationException("positional reads only");
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) {
        throw new UnsupportedOperationException("read-only");
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) {
        throw new UnsupportedOperationException("positional reads only");
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException("no locks");
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) {
        throw new UnsupportedOperationException("no locks");
    }

    @Override
    protected void implCloseChannel() {
    }
}

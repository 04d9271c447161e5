package dev.descent.data;

import dev.descent.DescentException;
import dev.descent.ExecutionPath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.indexer.FloatIndexer;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Float32 files as INDArrays: memory-mapped on the fast path, read into ND4J memory elsewhere. */
final class MappedArrays {

    private MappedArrays() {
    }

    /**
     * The array of {@code shape} in {@code file}, after checking its size and CRC-32C.
     *
     * @throws DescentException if the file is missing, has the wrong size or checksum, or is over 2 GiB
     */
    static INDArray map(Path file, long[] shape, String crc32c) {
        long elements = 1;
        for (long s : shape) {
            if (s < 0) {
                throw new DescentException(file + ": invalid shape " + Arrays.toString(shape));
            }
            elements = Math.multiplyExact(elements, s);
        }
        long bytes = elements * 4;
        // before the file's size: a header may claim any shape
        if (bytes > DatasetFiles.MAX_ARRAY_BYTES) {
            throw new DescentException(file + ": float32 " + Arrays.toString(shape) + " = " + bytes + " bytes, over the 2 GiB limit"
                    + " of one dataset array; split the data into several datasets");
        }
        try {
            long size = Files.size(file);
            if (size != bytes) {
                throw new DescentException(file + " is " + size + " bytes, but its header says float32 " + Arrays.toString(shape)
                        + " = " + bytes + " bytes; the dataset is damaged (import it again)");
            }
            String actual = FloatFile.checksum(file);
            if (!actual.equals(crc32c)) {
                throw new DescentException(file + " has CRC-32C " + actual + " but its header says " + crc32c
                        + "; the file was changed or damaged (import it again)");
            }
            if (elements == 0) {
                throw new DescentException(file + " holds no values");
            }
            if (ExecutionPath.hostBuffers()) {
                MappedByteBuffer m = mapPrivately(file, bytes);
                if (m != null) {
                    return wrap(m, elements, shape);
                }
            }
            return load(file, elements, shape);
        } catch (IOException e) {
            throw new DescentException("Cannot read dataset file " + file + ": " + e, e);
        }
    }

    /** A copy-on-write map, or null if the file cannot be opened for writing (which Java needs for one). */
    private static MappedByteBuffer mapPrivately(Path file, long bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return ch.map(FileChannel.MapMode.PRIVATE, 0, bytes);
        } catch (AccessDeniedException e) {
            return null;
        } catch (FileSystemException e) {
            return null;
        }
    }

    private static INDArray wrap(MappedByteBuffer m, long elements, long[] shape) {
        MappedPointer p = new MappedPointer(m.order(ByteOrder.LITTLE_ENDIAN));
        DataBuffer db = Nd4j.createBuffer(p, DataType.FLOAT, elements, FloatIndexer.create(p));
        return Nd4j.create(db, shape, Nd4j.getStrides(shape, 'c'), 0, 'c', DataType.FLOAT);
    }

    /** Reads the file into a new ND4J array, one chunk of rows at a time through the heap. */
    static INDArray load(Path file, long elements, long[] shape) throws IOException {
        INDArray out = Nd4j.create(DataType.FLOAT, shape, 'c');
        long rowLength = elements / shape[0];
        long rowsPerChunk = Math.max(1, FloatFile.CHUNK_FLOATS / rowLength);
        INDArray flat = out.reshape('c', shape[0], rowLength);
        long[] row = {0};
        float[] pending = new float[(int) Math.min(elements, rowsPerChunk * rowLength)];
        int[] filled = {0};
        FloatFile.read(file, (chunk, n, first) -> {
            for (int i = 0; i < n; i++) {
                pending[filled[0]++] = chunk[i];
                if (filled[0] == pending.length || first + i + 1 == elements) {
                    long rows = filled[0] / rowLength;
                    flat.get(NDArrayIndex.interval(row[0], row[0] + rows), NDArrayIndex.all())
                            .assign(Nd4j.create(Arrays.copyOf(pending, filled[0]), new long[] {rows, rowLength}, 'c'));
                    row[0] += rows;
                    filled[0] = 0;
                }
            }
        });
        return out;
    }

    /** Keeps the mapping reachable from the INDArray (DataBuffer -> pointer -> map), so it is never unmapped under it. */
    static final class MappedPointer extends FloatPointer {
        @SuppressWarnings("unused")
        private final ByteBuffer mapping;

        MappedPointer(ByteBuffer mapping) {
            super(mapping.asFloatBuffer());
            this.mapping = mapping;
        }
    }
}

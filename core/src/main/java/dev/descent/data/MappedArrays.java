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
        try {
            for (long s : shape) {
                if (s < 0) {
                    throw new DescentException(file + ": invalid shape " + Arrays.toString(shape));
                }
                elements = Math.multiplyExact(elements, s);
            }
        } catch (ArithmeticException e) {
            elements = Long.MAX_VALUE; // over any limit
        }
        // before the file's size: a header may claim any shape
        if (elements > DatasetFiles.MAX_ARRAY_BYTES / 4) {
            throw new DescentException(file + ": float32 " + Arrays.toString(shape) + " is over the 2 GiB limit of one dataset array ("
                    + DatasetFiles.MAX_ARRAY_BYTES / 4 + " floats); split the data into several datasets");
        }
        long bytes = elements * 4;
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

    /** Reads the file into a new ND4J array, one chunk of the file at a time through the heap. */
    static INDArray load(Path file, long elements, long[] shape) throws IOException {
        INDArray out = Nd4j.create(DataType.FLOAT, shape, 'c');
        INDArray flat = out.reshape('c', new long[] {elements}); // a view: out is new, dense and C-ordered
        FloatFile.read(file, (chunk, n, first) ->
                flat.get(NDArrayIndex.interval(first, first + n)).assign(Nd4j.createFromArray(Arrays.copyOf(chunk, n))));
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

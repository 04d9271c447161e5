package dev.descent.data;

import dev.descent.ExecutionPath;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.indexing.SpecifiedIndex;

/**
 * Copies selected rows (slices along axis 0) of one array into another with plain byte copies over
 * the arrays' native memory. Unlike {@code Nd4j.pullRows}, which allocates a native index buffer on
 * every call, a prepared copier allocates nothing per copy; it also handles any rank (a rank-1 array's
 * "rows" are its elements) and every fixed-width dtype. The byte copies need host memory: on the
 * {@link ExecutionPath#PORTABLE} path (any backend but the CPU one) rows are gathered with ND4J's
 * indexing instead, which the backend runs where the data lives.
 */
final class RowCopier {

    private final INDArray source;
    /** The source's bytes on the fast path; null on the portable path. */
    private final @Nullable ByteBuffer sourceBytes;
    private final int rowBytes;
    private final long rows;

    /** @param source any array of rank >= 1; copied once into a dense C-order array if it is a view or not C-ordered */
    RowCopier(INDArray source) {
        this.source = dense(source);
        this.rows = source.size(0);
        this.rowBytes = rowBytes(source.shape(), source.dataType());
        this.sourceBytes = ExecutionPath.hostBuffers() ? bytesOf(this.source) : null;
    }

    /**
     * The bytes of one row (the slice along axis 0) of an array of {@code shape} and {@code dtype}.
     *
     * @throws UnsupportedOperationException if the whole array is over 2 GiB
     */
    static int rowBytes(long[] shape, DataType dtype) {
        long bytes = dtype.width();
        for (int d = 1; d < shape.length; d++) {
            bytes *= shape[d];
        }
        // a row is never larger than the whole (axis 0 of a dataset array is at least 1)
        if (bytes * shape[0] > Integer.MAX_VALUE) {
            throw new UnsupportedOperationException("Arrays over 2 GiB are not supported by the batch gatherer (shape "
                    + Arrays.toString(shape) + ", dtype " + dtype + ")");
        }
        return (int) bytes;
    }

    /** Rows gathered into a dense array; on the fast path with the array's bytes, obtained once. */
    record Destination(INDArray array, @Nullable ByteBuffer bytes) {
    }

    /** An uninitialised destination for {@code count} rows, with the source's dtype and trailing shape. */
    Destination newDestination(int count) {
        long[] shape = source.shape().clone();
        shape[0] = count;
        INDArray array = Nd4j.createUninitialized(source.dataType(), shape, 'c');
        return new Destination(array, sourceBytes == null ? null : bytesOf(array));
    }

    /** The bytes of an array {@link #dense} returned (its buffer starts at offset 0 and holds just its elements). */
    private static ByteBuffer bytesOf(INDArray dense) {
        return dense.data().asNio();
    }

    /** Copies rows {@code indices} of the source, in order, into the first {@code indices.length} rows of {@code dest}. */
    void copy(int[] indices, Destination dest) {
        for (int i = 0; i < indices.length; i++) {
            int r = indices[i];
            if (r < 0 || r >= rows) {
                throw new IndexOutOfBoundsException("Sample index " + r + " at position " + i
                        + " is outside [0, " + rows + ")");
            }
        }
        ByteBuffer from = sourceBytes;
        ByteBuffer to = dest.bytes();
        if (from == null || to == null) {
            copyPortably(indices, dest.array());
            return;
        }
        for (int i = 0; i < indices.length; i++) {
            to.put(i * rowBytes, from, indices[i] * rowBytes, rowBytes);
        }
    }

    private void copyPortably(int[] indices, INDArray dest) {
        INDArrayIndex[] index = new INDArrayIndex[source.rank()];
        index[0] = new SpecifiedIndex(indices);
        for (int d = 1; d < index.length; d++) {
            index[d] = NDArrayIndex.all();
        }
        INDArray rowsOf = source.get(index);
        // a rank-1 array's rows come back as a [n] or [1, n] array depending on ND4J's indexing
        dest.assign(rowsOf.reshape(dest.shape()));
    }

    /** {@code a} itself if it is dense, C-ordered and owns its buffer from offset 0; else a dense copy. */
    static INDArray dense(INDArray a) {
        // numerical: every dtype but UTF8, BOOL, COMPRESSED and UNKNOWN
        if (!a.dataType().isNumerical() && a.dataType() != DataType.BOOL) {
            throw new IllegalArgumentException("Unsupported dtype " + a.dataType() + " for a dataset array (use a numeric or bool dtype)");
        }
        boolean ok = !a.isView() && a.ordering() == 'c' && a.data().offset() == 0 && a.offset() == 0
                && a.data().length() == a.length();
        return ok ? a : a.dup('c');
    }
}

package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.DescentException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The float32 files of a file-backed dataset: writing, the chunked passes, the checksum, reading into ND4J memory. */
class FloatFileTest {

    /** More than one chunk of the passes (262,144 floats), and not a whole number of chunks. */
    private static final int N = FloatFile.CHUNK_FLOATS + 37_856;

    private static float[] values(int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = i * 0.25f - 7;
        }
        return v;
    }

    /** Writes {@code v} in calls of 7 floats from a longer array, of which only {@code count} are written. */
    private static Path write(Path file, float[] v) throws IOException {
        try (FloatFile out = new FloatFile(file)) {
            float[] part = new float[10];
            for (int i = 0; i < v.length; i += 7) {
                int count = Math.min(7, v.length - i);
                Arrays.fill(part, Float.NaN);
                System.arraycopy(v, i, part, 0, count);
                out.write(part, count);
            }
            assertEquals(v.length, out.floats());
        }
        return file;
    }

    private static float[] bytesAsFloats(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.capacity() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    @Test
    void writesLittleEndianFloat32AndPassesOverTheFileInChunks(@TempDir Path dir) throws IOException {
        float[] v = values(N);
        Path f = write(dir.resolve("v.f32"), v);
        assertEquals(4L * N, Files.size(f));
        assertArrayEquals(v, bytesAsFloats(f));

        List<String> chunks = new ArrayList<>();
        float[] seen = new float[N];
        FloatFile.read(f, (chunk, n, first) -> {
            chunks.add(n + "@" + first);
            System.arraycopy(chunk, 0, seen, (int) first, n);
            Arrays.fill(chunk, 0, n, 0f); // a read's edits are dropped
        });
        assertEquals(List.of(FloatFile.CHUNK_FLOATS + "@0", "37856@" + FloatFile.CHUNK_FLOATS), chunks);
        assertArrayEquals(v, seen);
        assertArrayEquals(v, bytesAsFloats(f));

        FloatFile.rewrite(f, (chunk, n, first) -> {
            for (int i = 0; i < n; i++) {
                chunk[i] += first + i;
            }
        });
        float[] rewritten = bytesAsFloats(f);
        assertEquals(N, rewritten.length);
        for (int i = 0; i < N; i += 9_973) {
            assertEquals(v[i] + i, rewritten[i], "float " + i);
        }
        assertEquals(v[N - 1] + (N - 1), rewritten[N - 1]);

        CRC32C crc = new CRC32C();
        crc.update(Files.readAllBytes(f));
        assertEquals(String.format("%08x", crc.getValue()), FloatFile.checksum(f));
        Path empty = Files.createFile(dir.resolve("empty.f32"));
        assertEquals("00000000", FloatFile.checksum(empty));
    }

    @Test
    void loadReadsRowsAcrossTheChunksOfTheFile(@TempDir Path dir) throws IOException {
        // a whole chunk of the file and part of one, in any shape
        float[] v = values(300_000);
        Path f = write(dir.resolve("x.f32"), v);
        INDArray a = MappedArrays.load(f, v.length, new long[] {100_000, 3});
        assertArrayEquals(new long[] {100_000, 3}, a.shape());
        assertArrayEquals(v, a.data().asFloat());
        assertArrayEquals(new float[] {v[299_997], v[299_998], v[299_999]}, a.getRow(99_999).toFloatVector());

        // a row longer than a chunk
        INDArray wide = MappedArrays.load(f, v.length, new long[] {2, 150_000});
        assertArrayEquals(v, wide.data().asFloat());
        assertEquals(v[150_000], wide.getFloat(1, 0));

        Path small = write(dir.resolve("y.f32"), new float[] {3, 1, 4, 1, 5});
        assertArrayEquals(new float[] {3, 1, 4, 1, 5}, MappedArrays.load(small, 5, new long[] {5}).toFloatVector());
    }

    @Test
    void columnMeansFillOnlyTheGivenStretchByEachElementsColumn() {
        ColumnMeans m = new ColumnMeans(3);
        m.add(0, 1);
        m.add(0, Float.NaN);
        m.add(0, 2);
        m.add(1, 0.1f);
        m.add(1, 0.2f);
        // summed in double, rounded once: (0.1f + 0.2f) / 2 in double, then to float
        assertArrayEquals(new float[] {1.5f, (float) (((double) 0.1f + (double) 0.2f) / 2), Float.NaN}, m.means());

        float nan = Float.NaN;
        float[] data = {nan, nan, nan, nan, nan, nan};
        // data[1..4) holds elements 4, 5 and 6 of a [rows, 3] whole: columns 1, 2 and 0
        CsvColumns columns = new CsvColumns(new String[] {"a", "b", "c", "y"}, 4, new int[] {3}, new int[] {0, 1, 2});
        ColumnMeans.fill(data, 1, 3, 4, new float[] {10, 20, 30}, "f.csv", columns);
        assertArrayEquals(new float[] {nan, 20, 30, 10, nan, nan}, data);

        DescentException e = assertThrows(DescentException.class,
                () -> ColumnMeans.fill(new float[] {1, nan, 3}, 0, 3, 0, new float[] {1, nan, 3}, "f.csv", columns));
        assertEquals("f.csv: feature column 2 (\"b\") has no value at all, so its mean cannot fill it; skip the column", e.getMessage());
    }
}

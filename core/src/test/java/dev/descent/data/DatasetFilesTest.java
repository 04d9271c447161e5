package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.DescentException;
import dev.descent.ExecutionPath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset folder an import writes (files, header, limits) and what {@link DatasetFiles#open} refuses. */
class DatasetFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CsvOptions CLASSES = CsvOptions.defaults().target("species").classIndex();

    private static Path csv(Path dir, String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static float[] floats(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[b.capacity() / 4];
        b.asFloatBuffer().get(out);
        return out;
    }

    private static String crc(Path file) throws IOException {
        CRC32C c = new CRC32C();
        c.update(Files.readAllBytes(file));
        return String.format("%08x", c.getValue());
    }

    /** Iris-like: 3 rows, features a and b, string classes. */
    private static Path iris(Path dir) throws IOException {
        Path f = csv(dir, "iris.csv", "a,b,species\n1,2,virginica\n3,4.5,setosa\n5,6,virginica\n");
        DatasetFiles.Imported done = DatasetFiles.importCsv(f, dir.resolve("ds"), CLASSES, null);
        assertEquals(3, done.rows());
        assertEquals(0, done.dropped());
        assertEquals(List.of("a", "b"), done.features());
        return done.dir();
    }

    @Test
    void importWritesTheFloatsAndAHeaderDescribingThem(@TempDir Path dir) throws IOException {
        Path ds = iris(dir);
        assertEquals(dir.resolve("ds").toAbsolutePath().normalize(), ds);
        // the class ids' intermediate file is gone, nothing else is there
        assertEquals(List.of("dataset.json", "x.f32", "y.f32"), names(ds));
        assertArrayEquals(new float[] {1, 2, 3, 4.5f, 5, 6}, floats(ds.resolve("x.f32")));
        assertArrayEquals(new float[] {1, 0, 1}, floats(ds.resolve("y.f32")));

        ObjectNode h = (ObjectNode) JSON.readTree(ds.resolve("dataset.json").toFile());
        assertEquals("descent-dataset", h.get("format").asText());
        assertEquals(1, h.get("version").asInt());
        assertEquals(3, h.get("rows").asLong());
        assertEquals("iris.csv", h.get("source").asText());
        assertEquals("[\"a\",\"b\"]", h.get("features").toString());
        assertEquals("[\"species\"]", h.get("target").toString());
        assertEquals("CLASS_INDEX", h.get("encoding").asText());
        assertEquals("{\"file\":\"x.f32\",\"dtype\":\"float32\",\"shape\":[3,2],\"crc32c\":\"" + crc(ds.resolve("x.f32")) + "\"}",
                h.get("arrays").get("x").toString());
        assertEquals("{\"file\":\"y.f32\",\"dtype\":\"float32\",\"shape\":[3],\"crc32c\":\"" + crc(ds.resolve("y.f32")) + "\"}",
                h.get("arrays").get("y").toString());
        assertEquals("[\"setosa\",\"virginica\"]", h.get("classLabels").get("y").toString());

        Dataset d = Dataset.open(ds);
        assertArrayEquals(new float[] {1, 2, 3, 4.5f, 5, 6}, d.array("x").data().asFloat());
        assertArrayEquals(new long[] {3, 2}, d.array("x").shape());
        if (ExecutionPath.hostBuffers()) {
            // the array lives in the file's mapping, not in a copy
            assertInstanceOf(MappedArrays.MappedPointer.class, d.array("x").data().pointer());
        }
    }

    @Test
    void progressIsToldEvery65536RowsAndAtTheEnd(@TempDir Path dir) throws IOException {
        StringBuilder s = new StringBuilder("x,y\n");
        for (int i = 0; i < 65_537; i++) {
            s.append(i % 10).append(",1\n");
        }
        Path f = csv(dir, "rows.csv", s.toString());
        long total = Files.size(f);
        List<long[]> calls = new ArrayList<>();
        DatasetFiles.importCsv(f, dir.resolve("ds"), CsvOptions.defaults().target("y"), (rows, read, size) -> calls.add(new long[] {rows, read, size}));
        assertEquals(2, calls.size());
        assertEquals(65_536, calls.get(0)[0]);
        long read = calls.get(0)[1];
        assertEquals(true, read > 0 && read <= total, read + " of " + total);
        assertEquals(total, calls.get(0)[2]);
        assertArrayEquals(new long[] {65_537, total, total}, calls.get(1));
    }

    @Test
    void theFeatureArrayMayFillItsLimitExactly(@TempDir Path dir) throws IOException {
        StringBuilder s = new StringBuilder("a,b,y\n");
        for (int i = 0; i < 5; i++) {
            s.append(i).append(',').append(i + 1).append(",0\n");
        }
        Path five = csv(dir, "five.csv", s.toString());
        Path six = csv(dir, "six.csv", s + "5,6,0\n");
        CsvOptions o = CsvOptions.defaults().target("y");
        // 40 bytes: 5 rows of 2 float32 features
        assertEquals(5, DatasetFiles.importCsv(five, dir.resolve("five"), o, null, 40).rows());
        DescentException e = assertThrows(DescentException.class, () -> DatasetFiles.importCsv(six, dir.resolve("six"), o, null, 40));
        assertEquals(six + ": line 7: 6 rows of 2 features pass 40 bytes, the limit of one dataset array; split the file"
                + " into parts of at most 5 rows", e.getMessage());
        assertEquals(List.of("five", "five.csv", "six.csv"), names(dir));
    }

    @Test
    void aMissingCsvLeavesNothingBehind(@TempDir Path dir) throws IOException {
        Path nope = dir.resolve("nope.csv");
        DescentException e = assertThrows(DescentException.class, () -> DatasetFiles.importCsv(nope, dir.resolve("ds"), CLASSES, null));
        assertEquals("Cannot read CSV file " + nope + ": no such file", e.getMessage());
        assertEquals(List.of(), names(dir));
    }

    @Test
    void aTargetThatCannotBeMadeLeavesNothingBehind(@TempDir Path dir) throws IOException {
        Path f = csv(dir, "iris.csv", "a,b,species\n1,2,virginica\n3,4.5,setosa\n");
        Path file = Files.writeString(dir.resolve("file.txt"), "not a folder");
        Path under = file.resolve("ds");
        DescentException parent = assertThrows(DescentException.class, () -> DatasetFiles.importCsv(f, under, CLASSES, null));
        assertEquals("Cannot import into " + under + ": " + file + " already exists (choose another folder or delete it)",
                parent.getMessage());

        // a folder that appears at the target during the import is neither replaced nor mixed with the import's files
        Path ds = dir.resolve("ds");
        DescentException raced = assertThrows(DescentException.class, () -> DatasetFiles.importCsv(f, ds, CLASSES, (rows, read, total) -> {
            try {
                Files.writeString(Files.createDirectories(ds).resolve("theirs.txt"), "theirs");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }));
        assertEquals(true, raced.getMessage().startsWith("Cannot import " + f + " into " + ds + ": "), raced.getMessage());
        assertEquals(List.of("theirs.txt"), names(ds));
        assertEquals(List.of("ds", "file.txt", "iris.csv"), names(dir));
    }

    @Test
    void aFeatureColumnWithoutValuesCannotBeFilledWithItsMean(@TempDir Path dir) throws IOException {
        Path f = csv(dir, "gap.csv", "a,b,y\n1,,0\n2,,1\n");
        DescentException e = assertThrows(DescentException.class, () -> DatasetFiles.importCsv(f, dir.resolve("ds"),
                CsvOptions.defaults().target("y").missing(Missing.FILL_MEAN), null));
        assertEquals(f + ": feature column 2 (\"b\") has no value at all, so its mean cannot fill it; skip the column", e.getMessage());
        assertEquals(List.of("gap.csv"), names(dir));
    }

    /** Opens {@code ds} after {@code edit} changed its header; returns the error's message. */
    private static String openEdited(Path ds, Consumer<ObjectNode> edit) throws IOException {
        Path header = ds.resolve("dataset.json");
        byte[] original = Files.readAllBytes(header);
        ObjectNode h = (ObjectNode) JSON.readTree(original);
        edit.accept(h);
        Files.write(header, JSON.writeValueAsBytes(h));
        try {
            return assertThrows(DescentException.class, () -> Dataset.open(ds)).getMessage();
        } finally {
            Files.write(header, original);
        }
    }

    private static ObjectNode x(ObjectNode h) {
        return (ObjectNode) h.get("arrays").get("x");
    }

    @Test
    void openRefusesHeadersThatDoNotDescribeTheFiles(@TempDir Path dir) throws IOException {
        Path ds = iris(dir);
        Path header = ds.resolve("dataset.json");
        Path xFile = ds.resolve("x.f32");
        assertEquals(header + " has format 'other' version 1; this library reads format 'descent-dataset' version 1",
                openEdited(ds, h -> h.put("format", "other")));
        assertEquals(header + " has format 'descent-dataset' version 2; this library reads format 'descent-dataset' version 1",
                openEdited(ds, h -> h.put("version", 2)));
        for (String file : new String[] {"../x.f32", "", "sub/x.f32"}) {
            assertEquals(header + ": array 'x' has file '" + file + "' and dtype 'float32'; expected a float32 file inside the folder",
                    openEdited(ds, h -> x(h).put("file", file)));
        }
        assertEquals(header + ": array 'x' has file 'x.f32' and dtype 'float64'; expected a float32 file inside the folder",
                openEdited(ds, h -> x(h).put("dtype", "float64")));
        assertEquals(header + ": array 'x' has shape [] but the dataset has 3 rows", openEdited(ds, h -> x(h).putArray("shape")));
        assertEquals(header + ": array 'x' has shape [4, 2] but the dataset has 3 rows",
                openEdited(ds, h -> x(h).putArray("shape").add(4).add(2)));
        assertEquals(header + " lists no arrays", openEdited(ds, h -> h.putObject("arrays")));
        assertEquals(xFile + ": invalid shape [3, -2]", openEdited(ds, h -> x(h).putArray("shape").add(3).add(-2)));
        assertEquals(xFile + " is 24 bytes, but its header says float32 [3, 3] = 36 bytes; the dataset is damaged (import it again)",
                openEdited(ds, h -> x(h).putArray("shape").add(3).add(3)));

        // the 2 GiB limit is checked on the header's shape: 536,870,911 floats are allowed, one more is not
        assertEquals(xFile + " is 24 bytes, but its header says float32 [536870911] = 2147483644 bytes; the dataset is damaged"
                + " (import it again)", openEdited(ds, h -> {
                    h.put("rows", 536_870_911);
                    x(h).putArray("shape").add(536_870_911);
                }));
        assertEquals(xFile + ": float32 [536870912] is over the 2 GiB limit of one dataset array (536870911 floats); split the data"
                + " into several datasets", openEdited(ds, h -> {
                    h.put("rows", 536_870_912);
                    x(h).putArray("shape").add(536_870_912);
                }));
        // a product past a long is over it too
        assertEquals(xFile + ": float32 [3, 4294967296, 4294967296] is over the 2 GiB limit of one dataset array (536870911 floats);"
                + " split the data into several datasets", openEdited(ds, h -> x(h).putArray("shape").add(3).add(1L << 32).add(1L << 32)));

        byte[] bytes = Files.readAllBytes(xFile);
        Files.write(xFile, new byte[0]);
        assertEquals(xFile + " holds no values", openEdited(ds, h -> {
            h.put("rows", 0);
            x(h).putArray("shape").add(0).add(2);
            x(h).put("crc32c", "00000000");
        }));
        Files.write(xFile, bytes);
        assertEquals(3, Dataset.open(ds).size());
    }
}

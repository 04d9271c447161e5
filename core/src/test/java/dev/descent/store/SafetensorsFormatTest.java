package dev.descent.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Safetensors} against the format's specification, byte for byte (the Python
 * {@code safetensors} package is not at hand; the expected bytes are written out here from the
 * spec): an unsigned little-endian 64-bit header length N; N bytes of UTF-8 JSON starting with
 * {@code {}, padded with spaces (0x20) — our writer pads to a multiple of 8 as PyTorch's does;
 * {@code data_offsets} relative to the byte after the header, end exclusive, the ranges tiling the
 * data; shape {@code []} a scalar; the data little-endian in C order.
 */
class SafetensorsFormatTest {
    @TempDir
    Path dir;

    private static byte[] bytes(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static final String HEADER = "{\"__metadata__\":{\"format\":\"pt\"},"
            + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
            + "\"d\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[8,16]},"
            + "\"steps\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[16,24]},"
            + "\"i\":{\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[24,28]},"
            + "\"s\":{\"dtype\":\"I16\",\"shape\":[2],\"data_offsets\":[28,32]},"
            + "\"b\":{\"dtype\":\"I8\",\"shape\":[1],\"data_offsets\":[32,33]},"
            + "\"u\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[33,36]},"
            + "\"m\":{\"dtype\":\"BOOL\",\"shape\":[2,2],\"data_offsets\":[36,40]}}";

    /** The file of {@link #HEADER}: 473 bytes of JSON padded with 7 spaces to 480 (0x1E0), then 40 bytes of data. */
    private static final byte[] FILE = concat(bytes(0xE0, 0x01, 0, 0, 0, 0, 0, 0),
            (HEADER + "       ").getBytes(StandardCharsets.UTF_8),
            bytes(0, 0, 0xC0, 0x3F, 0, 0, 0, 0xC0), // F32 1.5, -2
            bytes(0, 0, 0, 0, 0, 0, 0xD0, 0x3F), // F64 0.25
            bytes(0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF), // I64 -3
            bytes(7, 0, 0, 0), // I32 7
            bytes(0xFE, 0xFF, 0x2C, 0x01), // I16 -2, 300
            bytes(0xFF), // I8 -1
            bytes(0, 0x80, 0xFF), // U8 0, 128, 255
            bytes(1, 0, 0, 1)); // BOOL [[true, false], [false, true]]

    @Test
    void everyWritableTypeIsWrittenAsTheSpecLaysItOut() throws IOException {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("w", Nd4j.createFromArray(1.5f, -2f));
        t.put("d", Nd4j.scalar(0.25));
        t.put("steps", Nd4j.createFromArray(-3L));
        t.put("i", Nd4j.createFromArray(7));
        t.put("s", Nd4j.createFromArray((short) -2, (short) 300));
        t.put("b", Nd4j.createFromArray((byte) -1));
        t.put("u", Nd4j.createFromArray(0, 128, 255).castTo(DataType.UBYTE));
        t.put("m", Nd4j.createFromArray(new boolean[][] {{true, false}, {false, true}}));
        Path p = dir.resolve("all.safetensors");
        Safetensors.write(p, t, Map.of("format", "pt"));
        assertArrayEquals(FILE, Files.readAllBytes(p));
    }

    @Test
    void everyLoadableTypeIsReadFromTheSpecsBytes() throws IOException {
        Path p = dir.resolve("spec.safetensors");
        Files.write(p, FILE);
        Safetensors.Contents c = Safetensors.read(p);
        assertEquals(Map.of("format", "pt"), c.metadata());
        assertEquals(List.of("w", "d", "steps", "i", "s", "b", "u", "m"), List.copyOf(c.tensors().keySet()));
        Map<String, DataType> types = new LinkedHashMap<>();
        c.tensors().forEach((k, v) -> types.put(k, v.dataType()));
        assertEquals(List.of(DataType.FLOAT, DataType.DOUBLE, DataType.LONG, DataType.INT, DataType.SHORT, DataType.BYTE,
                DataType.UBYTE, DataType.BOOL), List.copyOf(types.values()));
        assertArrayEquals(new float[] {1.5f, -2f}, c.tensors().get("w").toFloatVector());
        assertEquals(0, c.tensors().get("d").rank(), "shape [] is a scalar");
        assertEquals(0.25, c.tensors().get("d").getDouble(0));
        assertArrayEquals(new long[] {-3}, c.tensors().get("steps").toLongVector());
        assertArrayEquals(new int[] {7}, c.tensors().get("i").toIntVector());
        assertArrayEquals(new int[] {-2, 300}, c.tensors().get("s").toIntVector());
        assertArrayEquals(new int[] {-1}, c.tensors().get("b").toIntVector());
        assertArrayEquals(new int[] {0, 128, 255}, c.tensors().get("u").toIntVector());
        assertArrayEquals(new long[] {2, 2}, c.tensors().get("m").shape());
        assertArrayEquals(new int[] {1, 0, 0, 1}, c.tensors().get("m").castTo(DataType.INT).data().asInt());
    }

    @Test
    void noTensorsIsTheTwoByteObjectPaddedToEightAndAnUnpaddedHeaderReadsToo() throws IOException {
        Path p = dir.resolve("empty.safetensors");
        Safetensors.write(p, Map.of(), Map.of());
        assertArrayEquals(concat(bytes(8, 0, 0, 0, 0, 0, 0, 0), "{}      ".getBytes(StandardCharsets.US_ASCII)),
                Files.readAllBytes(p));
        // padding is the writer's choice, not a rule: the smallest header, "{}" alone, is a valid file
        Files.write(p, concat(bytes(2, 0, 0, 0, 0, 0, 0, 0), bytes('{', '}')));
        Safetensors.Contents c = Safetensors.read(p);
        assertTrue(c.tensors().isEmpty() && c.metadata().isEmpty(), c.toString());
    }

    /** Two F32 tensors listed against the order of their data ("b" first, its bytes second), and two metadata keys. */
    private Path outOfOrder() throws IOException {
        String header = "{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"__metadata__\":{\"z\":\"last\",\"k\":\"v\"}}";
        Path p = dir.resolve("order.safetensors");
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        assertEquals(143, json.length);
        Files.write(p, concat(bytes(143, 0, 0, 0, 0, 0, 0, 0), json, bytes(0, 0, 0x80, 0x3F, 0, 0, 0, 0x40))); // 1, 2
        return p;
    }

    @Test
    void theHeaderMayListTensorsInAnyOrderAndTheyComeInTheOrderOfTheirData() throws IOException {
        Safetensors.Contents c = Safetensors.read(outOfOrder());
        assertEquals(List.of("a", "b"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new float[] {1f}, c.tensors().get("a").toFloatVector());
        assertArrayEquals(new float[] {2f}, c.tensors().get("b").toFloatVector());
    }

    @Test
    void describeListsEachTensorsRangeAndTheMetadataSorted() throws IOException {
        assertEquals("""
                safetensors file, 2 tensors, header 143 bytes, data 8 bytes
                  a                                F32   [1]              4 bytes
                  b                                F32   [1]              4 bytes
                metadata
                  k = v
                  z = last
                """, Safetensors.describe(outOfOrder()));
    }

    @Test
    void theReservedNameIsRefusedBeforeAnythingIsWritten() {
        Path p = dir.resolve("reserved.safetensors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.write(p, Map.of("__metadata__", Nd4j.createFromArray(1f)), Map.of()));
        assertEquals("Invalid tensor name '__metadata__': the format reserves it. Fix: rename the tensor.", e.getMessage());
        assertFalse(Files.exists(p));
    }

    @Test
    void aSafetensorsFileIsNamedByItsExtensionInAnyCase() {
        assertTrue(Safetensors.isSafetensorsName(Path.of("dir", "model.safetensors")));
        assertTrue(Safetensors.isSafetensorsName(Path.of("MODEL.SafeTensors")));
        assertFalse(Safetensors.isSafetensorsName(Path.of("model.descent")));
        assertFalse(Safetensors.isSafetensorsName(Path.of("safetensors", "model.bin")));
        assertFalse(Safetensors.isSafetensorsName(Path.of("/")), "the root has no file name");
    }
}

package dev.descent.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.GoldenFiles;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Safetensors}: files PyTorch wrote, round trips, and every defect a hostile file can have. */
class SafetensorsTest {
    @TempDir
    Path dir;

    /** A file of an 8-byte length, the header text as given (no padding) and {@code data} bytes. */
    private Path file(String name, String header, int data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    @Test
    void readsTheStateDictPyTorchWrote() {
        Safetensors.Contents c = Safetensors.read(GoldenFiles.golden("safetensors/mlp_tanh.safetensors"));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(c.tensors().keySet()));
        assertArrayEquals(new long[] {16, 5}, c.tensors().get("0.weight").shape());
        assertArrayEquals(new long[] {3}, c.tensors().get("2.bias").shape());
        assertEquals(DataType.FLOAT, c.tensors().get("0.weight").dataType());
        assertEquals(Map.of("format", "pt", "case", "mlp_tanh"), c.metadata());
        String d = Safetensors.describe(GoldenFiles.golden("safetensors/mlp_tanh.safetensors"));
        assertTrue(d.startsWith("safetensors file, 4 tensors"), d);
        assertTrue(d.contains("0.weight") && d.contains("F32") && d.contains("[16, 5]") && d.contains("320 bytes")
                && d.contains("format = pt"), d);
    }

    @Test
    void writesWhatItReadsBackBitForBitWithPaddedHeaderAndMetadata() throws IOException {
        Map<String, INDArray> t = new LinkedHashMap<>();
        t.put("w", Nd4j.createFromArray(new float[][] {{1.5f, -0f, Float.MIN_VALUE}, {Float.NaN, 3e38f, -7f}}));
        t.put("d", Nd4j.createFromArray(Math.PI, -1e-300));
        t.put("steps", Nd4j.createFromArray(Long.MAX_VALUE, -3L));
        t.put("i", Nd4j.createFromArray(new int[] {7, -8}));
        t.put("view", Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}}).transpose()); // written in C order
        t.put("permuted", Nd4j.arange(24).castTo(DataType.FLOAT).reshape(2, 3, 4).permute(2, 0, 1));
        t.put("empty", Nd4j.create(DataType.FLOAT, 0, 3));
        Path p = dir.resolve("all.safetensors");
        Safetensors.write(p, t, Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(p);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
        assertTrue(header.stripTrailing().endsWith("}") && header.substring(header.stripTrailing().length()).isBlank(), header);
        Safetensors.Contents c = Safetensors.read(p);
        assertEquals(Map.of("format", "pt"), c.metadata());
        for (String k : List.of("w", "d", "steps", "i")) {
            assertEquals(t.get(k).dataType(), c.tensors().get(k).dataType(), k);
            assertArrayEquals(t.get(k).shape(), c.tensors().get(k).shape(), k);
        }
        float[] w = t.get("w").dup().data().asFloat();
        float[] back = c.tensors().get("w").data().asFloat();
        for (int i = 0; i < w.length; i++) {
            assertEquals(Float.floatToRawIntBits(w[i]), Float.floatToRawIntBits(back[i]), "w[" + i + "], NaN and -0 included");
        }
        assertArrayEquals(t.get("d").data().asDouble(), c.tensors().get("d").data().asDouble());
        assertArrayEquals(t.get("steps").data().asLong(), c.tensors().get("steps").data().asLong());
        assertArrayEquals(t.get("i").data().asInt(), c.tensors().get("i").data().asInt());
        assertEquals(Nd4j.createFromArray(new float[][] {{1, 3}, {2, 4}}), c.tensors().get("view"));
        assertEquals(t.get("permuted").dup('c'), c.tensors().get("permuted"));
        assertEquals(5f, c.tensors().get("permuted").getFloat(1, 0, 1), "element [0, 1, 1] of the array before the permute");
        assertArrayEquals(new long[] {0, 3}, c.tensors().get("empty").shape());
    }

    @Test
    void halfAndBfloat16WidenToFloatExactly() throws IOException {
        // F16: 1.0, -2.0, 65504 (max), 2^-24 (smallest subnormal), -inf; BF16: 1.0, -3.0 (0xC040)
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[5],\"data_offsets\":[0,10]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[10,14]}}";
        Path p = file("half.safetensors", header, 14);
        byte[] bytes = Files.readAllBytes(p);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int at = 8 + header.length();
        for (int v : new int[] {0x3C00, 0xC000, 0x7BFF, 0x0001, 0xFC00, 0x3F80, 0xC040}) {
            b.putShort(at, (short) v);
            at += 2;
        }
        Files.write(p, bytes);
        Safetensors.Contents c = Safetensors.read(p);
        assertArrayEquals(new float[] {1f, -2f, 65504f, 0x1p-24f, Float.NEGATIVE_INFINITY}, c.tensors().get("h").toFloatVector());
        assertArrayEquals(new float[] {1f, -3f}, c.tensors().get("b").toFloatVector());
        assertEquals(Float.NaN, Safetensors.halfToFloat((short) 0x7E00));
        assertEquals(-0f, Safetensors.halfToFloat((short) 0x8000));
        assertEquals(6.1035156e-5f, Safetensors.halfToFloat((short) 0x0400)); // smallest normal, 2^-14
    }

    private static final String W = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}";

    /** name | header | data bytes | what the reason must say. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "unknown dtype|{\"w\":{\"dtype\":\"F12\",\"shape\":[2],\"data_offsets\":[0,8]}}|8|unknown dtype 'F12' (known: BOOL, U8, I8,"
            + " I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64, F8_E4M3, F8_E5M2)",
        "missing dtype|{\"w\":{\"shape\":[2],\"data_offsets\":[0,8]}}|8|tensor 'w' has no dtype string",
        "dtype not a string|{\"w\":{\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]}}|8|tensor 'w' has no dtype string",
        "missing shape|{\"w\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}|8|tensor 'w' has no shape array",
        "shape not an array|{\"w\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}|8|tensor 'w' has no shape array",
        "shape against bytes|{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}|20|needs 24 bytes but its data_offsets [0, 20] span 20",
        "second shape against bytes|" + W + ",\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[24,36]}}|36|tensor 'v'"
            + " (F32, shape [2]) needs 8 bytes but its data_offsets [24, 36] span 12",
        "offsets outside the data|" + "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[8,32]}}|24|outside the 24 bytes of data",
        "truncated data|" + W + "}|16|outside the 16 bytes of data",
        "overlap|" + W + ",\"v\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}|24|overlap",
        "gap|{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}|16|bytes 0 to 8 of the data belong to no tensor",
        "trailing bytes|" + W + "}|32|bytes after the last tensor",
        "not json|{\"w\": [1, 2|0|not valid JSON",
        "not an object|[1, 2, 3]|0|does not start with '{'",
        "text after the object|{} {}|0|not valid JSON (Trailing token (of type START_OBJECT) found after value",
        "duplicate name|" + W + "," + "\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}|24|not valid JSON (Duplicate field 'w')",
        "negative dimension|{\"w\":{\"dtype\":\"F32\",\"shape\":[-2,3],\"data_offsets\":[0,24]}}|24|dimensions must be integers >= 0",
        "fractional dimension|{\"w\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,10]}}|10|dimensions must be integers >= 0",
        "huge shape|{\"w\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}|8|too large for any file",
        "reversed offsets|{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}|8|0 <= begin <= end",
        "missing offsets|{\"w\":{\"dtype\":\"F32\",\"shape\":[2]}}|8|data_offsets null",
        "metadata not an object|{\"__metadata__\":[\"pt\"]}|0|its __metadata__ is not an object of strings",
        "metadata not strings|{\"__metadata__\":{\"epochs\":3}}|0|__metadata__ value of 'epochs' is not a string",
        "entry not an object|{\"w\":3}|0|is not an object",
    })
    void aHostileOrDamagedFileIsRefusedWithTheReason(String name, String header, int data, String reason) throws IOException {
        Path p = file(name.replace(' ', '_') + ".safetensors", header, data);
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> Safetensors.read(p));
        assertTrue(e.getMessage().contains(reason), () -> name + ": " + e.getMessage());
        assertTrue(e.getMessage().startsWith(p + " is not a valid safetensors file: "), e.getMessage());
        CorruptFileException d = assertThrows(CorruptFileException.class, () -> Safetensors.describe(p));
        assertEquals(e.getMessage(), d.getMessage());
    }

    @Test
    void headerLengthsBeyondTheFileOrTheCapAreRefusedBeforeAnythingIsAllocated() throws IOException {
        for (long n : new long[] {Long.MAX_VALUE, -1L, 1L << 40, 200_000_000L, 1000}) {
            ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).putLong(n);
            Path p = dir.resolve("len" + Long.toUnsignedString(n) + ".safetensors");
            Files.write(p, b.array());
            CorruptFileException e = assertThrows(CorruptFileException.class, () -> Safetensors.read(p));
            assertTrue(e.getMessage().contains("header length " + Long.toUnsignedString(n)), e.getMessage());
        }
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertTrue(assertThrows(CorruptFileException.class, () -> Safetensors.read(tiny)).getMessage()
                .contains("fewer than the 8 of the header length"));
    }

    /** file size | header length | the reason: each bound at its limit, the cap being the reference implementation's. */
    @ParameterizedTest(name = "{0} bytes, header length {1}")
    @CsvSource(delimiter = '|', value = {
        "8|0|its header length 0 is not between 2 and 100000000 bytes",
        "64|1|its header length 1 is not between 2 and 100000000 bytes",
        "64|100000001|its header length 100000001 is not between 2 and 100000000 bytes",
        "64|100000000|its header length 100000000 goes beyond the end of the file (64 bytes): truncated or not a safetensors file",
        "64|57|its header length 57 goes beyond the end of the file (64 bytes): truncated or not a safetensors file",
    })
    void theHeaderLengthIsCheckedAtEachBound(int size, long n, String reason) throws IOException {
        Path p = dir.resolve("len.safetensors");
        Files.write(p, ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).putLong(n).array());
        assertEquals(p + " is not a valid safetensors file: " + reason,
                assertThrows(CorruptFileException.class, () -> Safetensors.read(p)).getMessage());
    }

    @Test
    void aTensorLargerThanAnyJavaArrayIsListedButRefusedBeforeItsBytesAreRead() throws IOException {
        long big = 1L << 31;
        String header = "{\"big\":{\"dtype\":\"U8\",\"shape\":[" + big + "],\"data_offsets\":[0," + big + "]}}";
        Path p = file("big.safetensors", header, 0);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(8 + header.length() + big); // sparse: no disk space used
        }
        assertTrue(Safetensors.describe(p).contains("[2147483648]     2,147,483,648 bytes"), Safetensors.describe(p));
        assertEquals("Cannot load tensor 'big' of " + p + ": its 2147483648 bytes are more than one Java array holds ("
                + ModelFile.MAX_BYTES + ")", assertThrows(CorruptFileException.class, () -> Safetensors.read(p)).getMessage());
    }

    @Test
    void aChannelThatDeliversAFewBytesOrNoneAtATimeIsReadToTheEnd() throws IOException {
        byte[] file = Files.readAllBytes(GoldenFiles.golden("safetensors/mlp_tanh.safetensors"));
        ByteBuffer into = ByteBuffer.allocate(10);
        SafetensorsHeader.readFully(new DribblingChannel(file), into, 5);
        assertArrayEquals(java.util.Arrays.copyOfRange(file, 5, 15), into.array());
        SafetensorsHeader h = SafetensorsHeader.read(new DribblingChannel(file), Path.of("mlp_tanh.safetensors"));
        assertEquals(4, h.entries().size());
        assertEquals(file.length - h.dataStart(), h.dataLength());
        IOException end = assertThrows(IOException.class,
                () -> SafetensorsHeader.readFully(new DribblingChannel(file), ByteBuffer.allocate(10), file.length - 4L));
        assertEquals("unexpected end of file at byte " + file.length, end.getMessage());
    }

    @Test
    void everyTruncationOfARealFileIsRefused() throws IOException {
        byte[] whole = Files.readAllBytes(GoldenFiles.golden("safetensors/flatten_relu.safetensors"));
        for (int len = 0; len < whole.length; len += 7) {
            Path p = dir.resolve("cut" + len + ".safetensors");
            Files.write(p, java.util.Arrays.copyOf(whole, len));
            assertThrows(CorruptFileException.class, () -> Safetensors.read(p), "cut at " + len);
        }
    }

    @Test
    void unloadableTypesAreListedButNotLoadedAndUnwritableOnesAreRefused() throws IOException {
        Path p = file("u16.safetensors", "{\"w\":{\"dtype\":\"U16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4);
        assertTrue(Safetensors.describe(p).contains("U16"));
        assertTrue(assertThrows(CorruptFileException.class, () -> Safetensors.read(p)).getMessage().contains("dtype U16"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Safetensors.write(dir.resolve("h.safetensors"),
                Map.of("h", Nd4j.create(DataType.HALF, 2)), Map.of()));
        assertTrue(e.getMessage().contains("'h' of type HALF") && e.getMessage().contains("Fix:"), e.getMessage());
    }
}

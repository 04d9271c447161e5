package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.GoldenFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code descent inspect FILE.safetensors}: PyTorch's weights listed; a corrupt or hostile file is exit 2 and one line. */
class InspectSafetensorsTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int code = DescentCli.run(args);
            return new Result(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void listsTheTensorsAndMetadataOfAFilePyTorchWrote() {
        Result r = cli("inspect", GoldenFiles.golden("safetensors/flatten_relu.safetensors").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("safetensors file, 6 tensors"), r.out());
        for (String s : new String[] {"1.weight", "[8, 6]", "3.bias", "[4]", "5.weight", "[1, 4]", "F32", "format = pt",
                "case = flatten_relu"}) {
            assertTrue(r.out().contains(s), () -> s + " in " + r.out());
        }
        assertEquals("", r.err());
    }

    @Test
    void aCorruptOrHostileFileIsExitTwoWithOneLineAndNoTrace() throws Exception {
        byte[] good = Files.readAllBytes(GoldenFiles.golden("safetensors/mlp_tanh.safetensors"));
        long n = ByteBuffer.wrap(good).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(good, 8, (int) n, StandardCharsets.UTF_8);
        Map<String, byte[]> bad = new java.util.LinkedHashMap<>();
        bad.put("truncated", Arrays.copyOf(good, good.length - 5));
        bad.put("huge-header-length", withLength(good, Long.MAX_VALUE));
        bad.put("header-beyond-file", withLength(good, good.length));
        bad.put("unknown-dtype", withHeader(good, header.replaceFirst("\"F32\"", "\"Q32\"")));
        bad.put("overlapping", withHeader(good, header.replaceFirst("\"data_offsets\":\\[320,384\\]", "\"data_offsets\":[256,320]")));
        bad.put("shape-vs-bytes", withHeader(good, header.replaceFirst("\\[16,5\\]", "[16,4]")));
        bad.put("empty", new byte[0]);
        for (Map.Entry<String, byte[]> b : bad.entrySet()) {
            Path p = dir.resolve(b.getKey() + ".safetensors");
            Files.write(p, b.getValue());
            Result r = cli("inspect", p.toString());
            assertEquals(2, r.code(), b.getKey() + ": " + r.out() + r.err());
            assertEquals("", r.out(), b.getKey());
            assertEquals(1, r.err().strip().lines().count(), () -> b.getKey() + ": " + r.err());
            assertTrue(r.err().startsWith("descent inspect: " + p + " is not a valid safetensors file: "), r.err());
            assertTrue(!r.err().contains("Exception") && !r.err().contains("\tat "), r.err());
        }
    }

    private static byte[] withLength(byte[] file, long n) {
        byte[] copy = file.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(0, n);
        return copy;
    }

    /** The file with its header replaced by {@code header} padded (or cut) to the same length. */
    private static byte[] withHeader(byte[] file, String header) {
        byte[] copy = file.clone();
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        long n = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (h.length > n) {
            throw new IllegalArgumentException("the new header must not be longer");
        }
        Arrays.fill(copy, 8, (int) (8 + n), (byte) ' ');
        System.arraycopy(h, 0, copy, 8, h.length);
        return copy;
    }
}

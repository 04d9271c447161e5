package dev.descent.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.DescentException;
import dev.descent.ForksAProcess;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Rng;
import dev.descent.graph.ModelGraph;
import dev.descent.io.AtomicFiles;
import dev.descent.train.Trainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Damaged, truncated, empty, foreign and crafted files are all rejected with a
 * {@link CorruptFileException} (never a silent load, never another exception), in this JVM and in
 * a child JVM that must survive a batch of them; a failed save leaves the previous file intact.
 */
class CorruptFileTest {
    @TempDir
    static Path dir;
    private static byte[] good;

    @BeforeAll
    static void saveOne() throws IOException {
        ModelGraph g = TestModels.mlp(11);
        Path ckpt = dir.resolve("good.ckpt");
        try (CompiledModel m = GraphCompiler.compile(g)) {
            Trainer t = TestModels.trainer(m, 11, 9);
            t.fit(TestModels.data(11, TestModels.SAMPLES));
            Checkpoint.save(ckpt, g, t);
        }
        good = Files.readAllBytes(ckpt);
    }

    /** Every damaged variant of the good file, by label. */
    private static Map<String, byte[]> damaged() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (int off = 0; off < good.length; off += 64) {
            byte[] b = good.clone();
            b[off] ^= (byte) 0xFF;
            out.put("flip@" + off, b);
            byte[] one = good.clone();
            one[off] ^= 1;
            out.put("bit@" + off, one);
        }
        byte[] last = good.clone();
        last[last.length - 1] ^= 0x10;
        out.put("flip@last", last);
        for (int len = 0; len < good.length; len += 53) {
            out.put("truncated@" + len, Arrays.copyOf(good, len));
        }
        out.put("truncated@-1", Arrays.copyOf(good, good.length - 1));
        out.put("extended", Arrays.copyOf(good, good.length + 1));
        out.put("doubled", concat(good, good));
        Rng rng = new Rng(99);
        for (int i = 0; i < 20; i++) {
            byte[] r = new byte[1 + rng.nextInt(4096)];
            for (int j = 0; j < r.length; j++) {
                r[j] = (byte) rng.nextInt(256);
            }
            out.put("random" + i, r);
            byte[] withMagic = r.clone();
            System.arraycopy(good, 0, withMagic, 0, Math.min(8, withMagic.length));
            out.put("random-with-magic" + i, withMagic);
        }
        out.put("empty", new byte[0]);
        out.put("text", "hello, this is not a model\n".getBytes(StandardCharsets.UTF_8));
        out.put("png", new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 13});
        out.put("zip", new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0});
        out.putAll(crafted());
        return out;
    }

    /** Files with a valid checksum but hostile content: only the bounds checks stand in the way. */
    private static Map<String, byte[]> crafted() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("header-length-huge", sealed(raw(Integer.MAX_VALUE, "{}".getBytes(StandardCharsets.UTF_8), 0)));
        out.put("header-length-negative", sealed(raw(-5, "{}".getBytes(StandardCharsets.UTF_8), 0)));
        out.put("header-not-json", sealedHeader("{{{"));
        out.put("header-array", sealedHeader("[1,2,3]"));
        out.put("header-deeply-nested", sealedHeader("[".repeat(100_000) + "]".repeat(100_000)));
        out.put("header-no-tensor-index", sealedHeader("{\"format\":\"descent\",\"version\":1}"));
        out.put("tensor-beyond-payload", withTensor("[2,2]", 1 << 20));
        out.put("tensor-negative-offset", withTensor("[2]", -4));
        out.put("tensor-negative-dim", withTensor("[-3, 2]", 0));
        out.put("tensor-zero-dim", withTensor("[0]", 0));
        out.put("tensor-overflowing-dims", withTensor("[2147483647, 2147483647]", 0));
        out.put("tensor-rank-9", withTensor("[1,1,1,1,1,1,1,1,1]", 0));
        out.put("tensor-misaligned", withTensor("[1]", 2));
        byte[] payloadLie = raw(2, "{}".getBytes(StandardCharsets.UTF_8), 0);
        ByteBuffer.wrap(payloadLie).putLong(8 + 4 + 2, 1L << 40);
        out.put("payload-length-lie", sealed(payloadLie));
        out.put("wrong-format", reencode(h -> h.put("format", "other")));
        out.put("future-version", reencode(h -> h.put("version", 99)));
        out.put("unknown-op", reencode(h -> node(h, 5).put("op", "FOO")));
        out.put("forward-reference", reencode(h -> ((ArrayNode) node(h, 5).get("inputs")).set(0, 999)));
        out.put("self-reference", reencode(h -> ((ArrayNode) node(h, 5).get("inputs")).set(0, 5)));
        out.put("wrong-recorded-shape", reencode(h -> ((ArrayNode) node(h, 5).get("shape")).set(0, 77)));
        out.put("non-sequential-ids", reencode(h -> node(h, 3).put("id", 9)));
        out.put("missing-param-tensor", reencode(h -> ((ObjectNode) paramNode(h).get("attrs")).put("init", "tensor:nope")));
        out.put("loss-out-of-range", reencode(h -> ((ObjectNode) h.get("graph")).put("loss", -1)));
        out.put("output-out-of-range", reencode(h -> ((ObjectNode) h.get("graph").get("outputs")).put("pred", 10_000)));
        out.put("nodes-not-array", reencode(h -> ((ObjectNode) h.get("graph")).put("nodes", "x")));
        return out;
    }

    private static ObjectNode paramNode(ObjectNode header) {
        for (com.fasterxml.jackson.databind.JsonNode n : header.get("graph").get("nodes")) {
            if ("PARAM".equals(n.path("op").asText())) {
                return (ObjectNode) n;
            }
        }
        throw new AssertionError("no PARAM node");
    }

    private static ObjectNode node(ObjectNode header, int i) {
        return (ObjectNode) header.get("graph").get("nodes").get(i);
    }

    /** Decodes the good file, lets {@code edit} change its header, re-encodes with a valid checksum. */
    private static byte[] reencode(Consumer<ObjectNode> edit) {
        Container.Decoded d = Container.decode(good, "good");
        edit.accept(d.header());
        return Container.encode(d.header(), d.tensors());
    }

    private static byte[] withTensor(String shape, long offset) {
        String header = "{\"format\":\"descent\",\"version\":1,\"tensors\":[{\"name\":\"t\",\"shape\":" + shape
                + ",\"offset\":" + offset + "}]}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return sealed(raw(h.length, h, 16));
    }

    private static byte[] sealedHeader(String header) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return sealed(raw(h.length, h, 0));
    }

    /** magic, the given header length field, the header bytes, a payload of {@code payload} zero bytes. */
    private static byte[] raw(int headerLength, byte[] header, int payload) {
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + header.length + 8 + payload);
        b.put(Arrays.copyOf(good, 8)).putInt(headerLength).put(header).putLong(payload);
        return b.array();
    }

    private static byte[] sealed(byte[] body) {
        try {
            return concat(body, MessageDigest.getInstance("SHA-256").digest(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void everyDamagedVariantIsRejectedWithAClearMessage() throws IOException {
        Map<String, byte[]> variants = damaged();
        assertTrue(variants.size() > 150, "sweep too small: " + variants.size());
        List<String> failures = new ArrayList<>();
        Path f = dir.resolve("victim.ckpt");
        for (Map.Entry<String, byte[]> v : variants.entrySet()) {
            Files.write(f, v.getValue());
            try {
                ModelFile.load(f);
                failures.add(v.getKey() + ": loaded silently");
            } catch (CorruptFileException e) {
                if (e.getMessage() == null || !e.getMessage().contains(f.toString()) || e.getMessage().contains("\n")) {
                    failures.add(v.getKey() + ": unclear message " + e.getMessage());
                }
            } catch (Throwable t) {
                failures.add(v.getKey() + ": " + t);
            }
        }
        assertEquals(List.of(), failures);
    }

    @Test
    void specificMessagesNameTheProblem() throws IOException {
        Path f = dir.resolve("m.ckpt");
        Files.write(f, new byte[0]);
        assertTrue(assertThrows(CorruptFileException.class, () -> ModelFile.load(f)).getMessage().contains("is empty"));
        Files.writeString(f, "not a model");
        assertTrue(assertThrows(CorruptFileException.class, () -> ModelFile.load(f)).getMessage().contains("wrong magic"));
        byte[] flipped = good.clone();
        flipped[good.length / 2] ^= 1;
        Files.write(f, flipped);
        assertTrue(assertThrows(CorruptFileException.class, () -> ModelFile.load(f)).getMessage().contains("SHA-256"));
        DescentException missing = assertThrows(DescentException.class, () -> ModelFile.load(dir.resolve("nope.ckpt")));
        assertTrue(missing.getMessage().contains("No such file"), missing.getMessage());
    }

    @Test
    void craftedCheckpointStateIsRejectedBeforeTouchingTheTrainer() throws IOException {
        Path f = dir.resolve("state.ckpt");
        Map<String, Consumer<Container.Decoded>> edits = new LinkedHashMap<>();
        // a momentum buffer of the wrong size would make the BLAS update read out of bounds
        edits.put("short-buffer", d -> d.tensors().put("opt/w1/momentum_buffer", Nd4j.zeros(2)));
        edits.put("negative-sampler-step", d -> ((ObjectNode) d.header().get("training").get("sampler"))
                .put("stepInEpoch", -3));
        edits.put("state-for-unknown-param", d -> ((ObjectNode) d.header().get("training").get("optimizer").get("states"))
                .putObject("zzz").putArray("buffers"));
        edits.put("missing-buffer", d -> d.tensors().remove("opt/b2/momentum_buffer"));
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(11))) {
            Trainer t = TestModels.trainer(m, 11, 20);
            String before = TestModels.hash(m.parameters());
            for (Map.Entry<String, Consumer<Container.Decoded>> e : edits.entrySet()) {
                Container.Decoded d = Container.decode(good, "good");
                Map<String, INDArray> tensors = new LinkedHashMap<>(d.tensors());
                Container.Decoded mutable = new Container.Decoded(d.header(), tensors);
                e.getValue().accept(mutable);
                Files.write(f, Container.encode(mutable.header(), tensors));
                assertThrows(CorruptFileException.class, () -> Checkpoint.restore(f, t), e.getKey());
                assertEquals(before, TestModels.hash(m.parameters()), e.getKey());
                assertEquals(0, t.steps(), e.getKey());
            }
        }
    }

    @Test
    @ForksAProcess
    void childJvmSurvivesABatchOfHostileFiles() throws IOException {
        Path hostile = Files.createDirectories(dir.resolve("hostile"));
        int n = 0;
        for (Map.Entry<String, byte[]> v : damaged().entrySet()) {
            Files.write(hostile.resolve(String.format("%04d-%s", n++, v.getKey())), v.getValue());
        }
        List<String> out = ChildJvm.run(120, CheckpointChild.class, "hostile", hostile.toString());
        assertTrue(out.contains("HOSTILE " + n + " 0 0"), () -> "child printed " + out);
    }

    @Test
    void writerFailingMidwayLeavesThePreviousCheckpointAndNoTempFile() throws IOException {
        Path sub = Files.createDirectories(dir.resolve("failing"));
        Path ckpt = sub.resolve("run.ckpt");
        Files.write(ckpt, good);
        assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(ckpt, out -> {
            out.write(good, 0, good.length / 2);
            throw new IOException("disk full (simulated)");
        }));
        assertThrows(DescentException.class, () -> AtomicFiles.write(ckpt, out -> {
            out.write(good, 0, 100);
            throw new IllegalStateException("encoder bug (simulated)");
        }));
        assertArrayEquals(good, Files.readAllBytes(ckpt));
        ModelFile.load(ckpt);
        try (Stream<Path> s = Files.list(sub)) {
            assertEquals(List.of(ckpt), s.toList(), "stray temporary files");
        }
    }

    @Test
    void saveIntoAMissingFolderFailsCleanly() {
        ModelGraph g = TestModels.mlp(11);
        try (CompiledModel m = GraphCompiler.compile(g)) {
            Trainer t = TestModels.trainer(m, 11, 1);
            Path target = dir.resolve("no-such-dir").resolve("run.ckpt");
            DescentException e = assertThrows(DescentException.class, () -> Checkpoint.save(target, g, t));
            assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
            assertFalse(Files.exists(target.getParent()));
        }
    }

    @Test
    void saveIntoAReadOnlyFolderLeavesThePreviousCheckpoint() throws IOException {
        Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "root ignores directory permissions, so a read-only folder cannot be simulated");
        Path sub = Files.createDirectories(dir.resolve("readonly"));
        Path ckpt = sub.resolve("run.ckpt");
        Files.write(ckpt, good);
        Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("r-xr-xr-x"));
        ModelGraph g = TestModels.mlp(11);
        try (CompiledModel m = GraphCompiler.compile(g)) {
            Trainer t = TestModels.trainer(m, 11, 1);
            assertThrows(UncheckedIOException.class, () -> Checkpoint.save(ckpt, g, t));
        } finally {
            Files.setPosixFilePermissions(sub, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        assertArrayEquals(good, Files.readAllBytes(ckpt));
        try (Stream<Path> s = Files.list(sub)) {
            assertEquals(List.of(ckpt), s.toList());
        }
    }
}

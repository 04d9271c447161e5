package dev.descent.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes safetensors files, the tensor format PyTorch and Hugging Face users share: an
 * 8-byte little-endian header length N, N bytes of JSON header
 * ({@code {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}}),
 * then the tensors' raw little-endian bytes (C order). Java's own I/O; nothing is handed to a
 * native loader.
 *
 * <p>Reading checks everything before it allocates (see {@link #describe} for the rules): a
 * damaged, truncated or hostile file is refused with a {@link CorruptFileException} naming the
 * reason. F32, F64, I64, I32, I16, I8, U8 and BOOL tensors load as the same ND4J type; F16 and
 * BF16 load widened to float32 (exactly); U16, U32, U64 and the 8-bit floats are listed by
 * {@link #describe} but not loaded. Writing takes float32, float64 and integer arrays and writes
 * them atomically, the header padded with spaces to a multiple of 8 bytes as PyTorch's writer does.
 *
 * <pre>{@code
 * Safetensors.write(Path.of("w.safetensors"), Map.of("0.weight", w), Map.of("format", "pt"));
 * Safetensors.Contents c = Safetensors.read(Path.of("w.safetensors"));
 * INDArray w = c.tensors().get("0.weight");
 * }</pre>
 */
public final class Safetensors {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Safetensors() {
    }

    /**
     * A file's tensors (in the order of their data) and its {@code __metadata__}.
     *
     * @param tensors  by name, as the file names them
     * @param metadata the header's {@code __metadata__} (empty when absent)
     */
    public record Contents(Map<String, INDArray> tensors, Map<String, String> metadata) {
        public Contents {
            tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            metadata = Map.copyOf(metadata);
        }
    }

    /**
     * Reads every tensor of a safetensors file.
     *
     * @throws CorruptFileException if the file breaks the format's rules, or holds a tensor of a type that cannot load
     * @throws UncheckedIOException if it cannot be read
     */
    public static Contents read(Path path) {
        Objects.requireNonNull(path, "path");
        try (FileChannel ch = SafetensorsHeader.open(path)) {
            SafetensorsHeader h = SafetensorsHeader.read(ch, path);
            Map<String, INDArray> tensors = new LinkedHashMap<>();
            h.entries().stream().sorted(java.util.Comparator.comparingLong(SafetensorsHeader.Entry::begin))
                    .forEach(e -> tensors.put(e.name(), load(ch, h, e, path)));
            return new Contents(tensors, h.metadata());
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("Cannot read " + path + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a safetensors file holds, after checking it: one line per tensor (name, dtype, shape,
     * bytes) in the order of its data, then the metadata. The checks: the header length fits the
     * file and the format's 100 MB cap; the header is UTF-8 JSON, an object, without duplicate
     * names; every entry has a known dtype, a shape of integers >= 0 and data_offsets
     * {@code [begin, end]}; the shape's bytes equal {@code end - begin}; the tensors' ranges tile
     * the data exactly (none outside it, none overlapping, no gap, no bytes after the last);
     * {@code __metadata__} maps strings to strings.
     *
     * @throws CorruptFileException with the first rule the file breaks
     */
    public static String describe(Path path) {
        Objects.requireNonNull(path, "path");
        try (FileChannel ch = SafetensorsHeader.open(path)) {
            SafetensorsHeader h = SafetensorsHeader.read(ch, path);
            StringBuilder sb = new StringBuilder();
            sb.append("safetensors file, ").append(h.entries().size()).append(" tensors, header ").append(h.headerLength())
                    .append(" bytes, data ").append(h.dataLength()).append(" bytes\n");
            h.entries().stream().sorted(java.util.Comparator.comparingLong(SafetensorsHeader.Entry::begin))
                    .forEach(e -> sb.append(String.format(java.util.Locale.ROOT, "  %-32s %-5s %-16s %,d bytes%n", e.name(), e.dtype(),
                            Arrays.toString(e.shape()), e.length())));
            if (!h.metadata().isEmpty()) {
                sb.append("metadata\n");
                new java.util.TreeMap<>(h.metadata()).forEach((k, v) -> sb.append("  ").append(k).append(" = ").append(v).append('\n'));
            }
            return sb.toString();
        } catch (NoSuchFileException e) {
            throw new CorruptFileException("Cannot read " + path + ": no such file");
        } catch (IOException e) {
            throw new CorruptFileException("Cannot read " + path + ": " + e.getMessage());
        }
    }

    /**
     * Writes {@code tensors} (in the map's order; each in C order) with {@code metadata} as the
     * header's {@code __metadata__}, atomically.
     *
     * @throws IllegalArgumentException for an array type the format has no name for (e.g. float16 arrays, strings)
     */
    public static void write(Path path, Map<String, INDArray> tensors, Map<String, String> metadata) {
        Objects.requireNonNull(path, "path");
        ObjectNode header = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = header.putObject("__metadata__");
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            if (e.getKey().equals("__metadata__")) {
                throw new IllegalArgumentException("Invalid tensor name '__metadata__': the format reserves it. Fix: rename the tensor.");
            }
            INDArray a = e.getValue();
            SafetensorsDtype dt = SafetensorsDtype.of(a.dataType());
            if (dt == null) {
                throw new IllegalArgumentException("Cannot write tensor '" + e.getKey() + "' of type " + a.dataType()
                        + " as safetensors: only float32, float64 and integer arrays are written. Fix: castTo(DataType.FLOAT).");
            }
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", dt.name());
            long[] shape = a.shape();
            t.putArray("shape").addAll(Arrays.stream(shape).mapToObj(JSON.getNodeFactory()::numberNode).toList());
            long bytes = a.length() * dt.bytes;
            t.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        byte[] head = Arrays.copyOf(json, padded);
        Arrays.fill(head, json.length, padded, (byte) ' ');
        AtomicFiles.write(path, out -> {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded);
            out.write(len.array());
            out.write(head);
            for (INDArray a : tensors.values()) {
                out.write(bytesOf(a));
            }
        });
    }

    private static byte[] bytesOf(INDArray a) {
        // always a C-order copy: ND4J reports a permuted array, whose buffer holds another order, as 'c' ordered
        INDArray c = a.dup('c');
        SafetensorsDtype dt = Objects.requireNonNull(SafetensorsDtype.of(a.dataType()));
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(a.length() * dt.bytes)).order(ByteOrder.LITTLE_ENDIAN);
        switch (dt) {
            case F32 -> b.asFloatBuffer().put(c.data().asFloat(), 0, (int) a.length());
            case F64 -> b.asDoubleBuffer().put(c.data().asDouble(), 0, (int) a.length());
            case I64 -> b.asLongBuffer().put(c.data().asLong(), 0, (int) a.length());
            case I32 -> b.asIntBuffer().put(c.data().asInt(), 0, (int) a.length());
            case I16 -> {
                int[] v = c.data().asInt();
                for (int i = 0; i < a.length(); i++) {
                    b.putShort(i * 2, (short) v[i]);
                }
            }
            default -> { // I8, U8, BOOL: one byte each
                int[] v = c.data().asInt();
                for (int i = 0; i < a.length(); i++) {
                    b.put(i, (byte) v[i]);
                }
            }
        }
        return b.array();
    }

    private static INDArray load(FileChannel ch, SafetensorsHeader h, SafetensorsHeader.Entry e, Path path) {
        DataType type = e.dtype().loadsAs;
        if (type == null) {
            throw new CorruptFileException("Cannot load tensor '" + e.name() + "' of " + path + ": its dtype " + e.dtype()
                    + " has no ND4J counterpart here (loadable: F32, F64, F16, BF16, I64, I32, I16, I8, U8, BOOL)");
        }
        long n = e.elements();
        if (e.length() > ModelFile.MAX_BYTES) {
            throw new CorruptFileException("Cannot load tensor '" + e.name() + "' of " + path + ": its " + e.length()
                    + " bytes are more than one Java array holds (" + ModelFile.MAX_BYTES + ")");
        }
        ByteBuffer b = ByteBuffer.allocate((int) e.length()).order(ByteOrder.LITTLE_ENDIAN);
        try {
            SafetensorsHeader.readFully(ch, b, h.dataStart() + e.begin());
        } catch (IOException ex) {
            throw new CorruptFileException(path + " could not be read at tensor '" + e.name() + "': " + ex.getMessage());
        }
        b.flip();
        long[] shape = e.shape();
        int count = (int) n;
        return switch (e.dtype()) {
            case F32 -> {
                float[] v = new float[count];
                b.asFloatBuffer().get(v);
                yield Nd4j.create(v, shape, 'c');
            }
            case F64 -> {
                double[] v = new double[count];
                b.asDoubleBuffer().get(v);
                yield Nd4j.create(v, shape, 'c');
            }
            case F16, BF16 -> {
                float[] v = new float[count];
                for (int i = 0; i < count; i++) {
                    short s = b.getShort(i * 2);
                    v[i] = e.dtype() == SafetensorsDtype.BF16 ? Float.intBitsToFloat((s & 0xffff) << 16) : halfToFloat(s);
                }
                yield Nd4j.create(v, shape, 'c');
            }
            case I64 -> {
                long[] v = new long[count];
                b.asLongBuffer().get(v);
                yield Nd4j.createFromArray(v).reshape(shape);
            }
            case I32 -> {
                int[] v = new int[count];
                b.asIntBuffer().get(v);
                yield Nd4j.createFromArray(v).reshape(shape);
            }
            default -> { // I16, I8, U8, BOOL
                int[] v = new int[count];
                for (int i = 0; i < count; i++) {
                    v[i] = switch (e.dtype()) {
                        case I16 -> b.getShort(i * 2);
                        case I8 -> b.get(i);
                        default -> b.get(i) & 0xff;
                    };
                }
                yield Nd4j.createFromArray(v).reshape(shape).castTo(type);
            }
        };
    }

    /** IEEE 754 half precision to float, exactly (subnormals, infinities and NaN included). */
    static float halfToFloat(short h) {
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f; // subnormal (or zero): mant * 2^-24, exact in float
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }

    /** Whether {@code path} names a safetensors file (by its extension, as PyTorch's tools name them). */
    public static boolean isSafetensorsName(Path path) {
        Path f = path.getFileName();
        return f != null && f.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".safetensors");
    }
}

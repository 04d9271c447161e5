package dev.descent.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file's header, read and checked against the file before any tensor byte is
 * touched: every length is compared with the file's size before anything of that length is
 * allocated, so a hostile file costs at most its header's bytes (capped at 100 MB, the format's
 * own limit). The rules are the reference implementation's: a JSON object of
 * {@code name: {dtype, shape, data_offsets: [begin, end]}} plus an optional
 * {@code "__metadata__": {string: string}}; offsets relative to the data after the header; the
 * tensors' byte ranges tile the data exactly (no overlap, no gap, nothing after the last); each
 * range's length is the shape's element count times the dtype's size.
 */
record SafetensorsHeader(long headerLength, long dataLength, List<Entry> entries, Map<String, String> metadata) {
    /** The format's cap on the header (the reference implementation's MAX_HEADER_SIZE). */
    static final long MAX_HEADER = 100_000_000L;
    /** Duplicate names and text after the object are refused, as the reference implementation's JSON parser does. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** One tensor: its name, type, shape and byte range within the data. */
    record Entry(String name, SafetensorsDtype dtype, long[] shape, long begin, long end) {
        long elements() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }

        /** The number of bytes its data range spans. */
        long length() {
            return end - begin;
        }
    }

    /** The byte offset of the data in the file. */
    long dataStart() {
        return 8 + headerLength;
    }

    static SafetensorsHeader read(FileChannel ch, Path path) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw bad(path, "it has " + size + " bytes, fewer than the 8 of the header length");
        }
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, len, 0);
        long n = len.flip().getLong();
        if (n < 2 || n > MAX_HEADER) {
            throw bad(path, "its header length " + Long.toUnsignedString(n) + " is not between 2 and " + MAX_HEADER + " bytes");
        }
        if (n > size - 8) {
            throw bad(path, "its header length " + n + " goes beyond the end of the file (" + size + " bytes): truncated or not"
                    + " a safetensors file");
        }
        ByteBuffer hb = ByteBuffer.allocate((int) n);
        readFully(ch, hb, 8);
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(hb.flip()).toString();
        } catch (CharacterCodingException e) {
            throw bad(path, "its header is not UTF-8 text");
        }
        if (!text.startsWith("{")) {
            throw bad(path, "its header does not start with '{' (not a JSON object)");
        }
        JsonNode root; // an object: the text starts with '{', and anything but one whole object fails to parse
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw bad(path, "its header is not valid JSON (" + e.getOriginalMessage() + ")");
        }
        return parse(root, n, size - 8 - n, path);
    }

    private static SafetensorsHeader parse(JsonNode root, long headerLength, long dataLength, Path path) {
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            String name = f.getKey();
            JsonNode v = f.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isObject()) {
                    throw bad(path, "its __metadata__ is not an object of strings");
                }
                v.fields().forEachRemaining(m -> {
                    if (!m.getValue().isTextual()) {
                        throw bad(path, "its __metadata__ value of '" + m.getKey() + "' is not a string");
                    }
                    metadata.put(m.getKey(), m.getValue().asText());
                });
                continue;
            }
            entries.add(entry(name, v, path));
        }
        List<Entry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        Entry previous = null;
        for (Entry e : byOffset) {
            if (e.end() > dataLength) {
                throw bad(path, "tensor '" + e.name() + "' has data_offsets [" + e.begin() + ", " + e.end() + "] outside the "
                        + dataLength + " bytes of data after the header (a truncated file, or wrong offsets)");
            }
            if (e.begin() < expected) {
                throw bad(path, "tensors '" + previous.name() + "' [" + previous.begin() + ", " + previous.end() + "] and '"
                        + e.name() + "' [" + e.begin() + ", " + e.end() + "] overlap");
            }
            if (e.begin() > expected) {
                throw bad(path, "bytes " + expected + " to " + e.begin() + " of the data belong to no tensor");
            }
            expected = e.end();
            previous = e;
        }
        if (expected != dataLength) {
            throw bad(path, "the tensors end at byte " + expected + " of the data, but " + dataLength
                    + " bytes follow the header (bytes after the last tensor)");
        }
        return new SafetensorsHeader(headerLength, dataLength, List.copyOf(entries), Map.copyOf(metadata));
    }

    private static Entry entry(String name, JsonNode v, Path path) {
        if (!v.isObject()) {
            throw bad(path, "the entry of tensor '" + name + "' is not an object {dtype, shape, data_offsets}");
        }
        JsonNode dt = v.get("dtype");
        if (dt == null || !dt.isTextual()) {
            throw bad(path, "tensor '" + name + "' has no dtype string");
        }
        SafetensorsDtype dtype = SafetensorsDtype.byName(dt.asText());
        if (dtype == null) {
            throw bad(path, "tensor '" + name + "' has the unknown dtype '" + dt.asText() + "' (known: " + SafetensorsDtype.names() + ")");
        }
        JsonNode sh = v.get("shape");
        if (sh == null || !sh.isArray()) {
            throw bad(path, "tensor '" + name + "' has no shape array");
        }
        long[] shape = new long[sh.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.canConvertToExactIntegral() || !d.canConvertToLong() || d.asLong() < 0) {
                throw bad(path, "tensor '" + name + "' has the shape " + sh + ": dimensions must be integers >= 0");
            }
            shape[i] = d.asLong();
        }
        JsonNode off = v.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2 || !off.get(0).canConvertToExactIntegral()
                || !off.get(1).canConvertToExactIntegral() || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()
                || off.get(0).asLong() < 0 || off.get(1).asLong() < off.get(0).asLong()) {
            throw bad(path, "tensor '" + name + "' has data_offsets " + off + ": they must be [begin, end] with 0 <= begin <= end");
        }
        Entry e = new Entry(name, dtype, shape, off.get(0).asLong(), off.get(1).asLong());
        long bytes;
        try {
            bytes = Math.multiplyExact(e.elements(), dtype.bytes);
        } catch (ArithmeticException overflow) {
            throw bad(path, "tensor '" + name + "' has the shape " + sh + ", too large for any file");
        }
        if (bytes != e.length()) {
            throw bad(path, "tensor '" + name + "' (" + dtype + ", shape " + sh + ") needs " + bytes + " bytes but its data_offsets"
                    + " [" + e.begin() + ", " + e.end() + "] span " + e.length());
        }
        return e;
    }

    static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int r = ch.read(into, at);
            if (r < 0) {
                throw new IOException("unexpected end of file at byte " + at);
            }
            at += r;
        }
    }

    static CorruptFileException bad(Path path, String reason) {
        return new CorruptFileException(path + " is not a valid safetensors file: " + reason);
    }

    static FileChannel open(Path path) throws IOException {
        return FileChannel.open(path, StandardOpenOption.READ);
    }
}

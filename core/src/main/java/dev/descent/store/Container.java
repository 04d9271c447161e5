package dev.descent.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The byte layout shared by model and checkpoint files:
 * <pre>
 *   "DESCENT" 0x01          8 bytes magic + format version
 *   u32 header length H     big-endian
 *   H bytes                 UTF-8 JSON header; header.tensors = [{name, shape, offset}] (offsets into the payload)
 *   u64 payload length P
 *   P bytes                 float32 values, little-endian
 *   32 bytes                SHA-256 of every byte before it
 * </pre>
 */
final class Container {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] MAGIC = {'D', 'E', 'S', 'C', 'E', 'N', 'T', 1};
    private static final int DIGEST = 32;
    private static final int MAX_HEADER = 64 << 20;
    private static final int MAX_RANK = 8;

    /** A verified, parsed file. */
    record Decoded(ObjectNode header, Map<String, INDArray> tensors) {
    }

    private Container() {
    }

    static byte[] encode(ObjectNode header, Map<String, INDArray> tensors) {
        ArrayNode index = header.putArray("tensors");
        long offset = 0;
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            ObjectNode t = index.addObject();
            t.put("name", e.getKey());
            ArrayNode shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            t.put("offset", offset);
            offset += e.getValue().length() * 4;
        }
        byte[] headerBytes;
        try {
            headerBytes = JSON.writeValueAsBytes(header);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode header", e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(headerBytes.length).array());
        out.writeBytes(headerBytes);
        out.writeBytes(ByteBuffer.allocate(8).putLong(offset).array());
        for (INDArray a : tensors.values()) {
            float[] v = a.castTo(DataType.FLOAT).dup().data().asFloat();
            ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(v);
            out.writeBytes(buf.array());
        }
        byte[] body = out.toByteArray();
        byte[] digest = sha256(body, body.length);
        byte[] all = Arrays.copyOf(body, body.length + DIGEST);
        System.arraycopy(digest, 0, all, body.length, DIGEST);
        return all;
    }

    static Decoded decode(byte[] bytes, String source) {
        if (bytes.length == 0) {
            throw new CorruptFileException(source + " is empty (0 bytes); it is not a Descent model or checkpoint file");
        }
        // a file shorter than the magic is padded with zeros here, so it never matches (the magic ends in 1)
        if (!Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC)) {
            throw new CorruptFileException(source + " is not a Descent model or checkpoint file (wrong magic number)");
        }
        if (bytes.length < MAGIC.length + 4 + 8 + DIGEST) {
            throw new CorruptFileException(source + " is truncated (" + bytes.length + " bytes)");
        }
        int bodyLength = bytes.length - DIGEST;
        byte[] expected = Arrays.copyOfRange(bytes, bodyLength, bytes.length);
        if (!MessageDigest.isEqual(expected, sha256(bytes, bodyLength))) {
            throw new CorruptFileException(source + " is corrupted or truncated: its SHA-256 checksum does not match "
                    + "its content. Restore it from a backup or an earlier checkpoint.");
        }
        // the checksum guards against damage; the bounds checks below guard against a crafted file
        ByteBuffer buf = ByteBuffer.wrap(bytes, 0, bodyLength);
        buf.position(MAGIC.length);
        int headerLength = buf.getInt();
        if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > buf.remaining() - 8) {
            throw bad(source, "header length " + headerLength + " is out of bounds");
        }
        ObjectNode header;
        try {
            JsonNode node = JSON.readTree(new String(bytes, buf.position(), headerLength, StandardCharsets.UTF_8));
            if (!(node instanceof ObjectNode on)) {
                throw bad(source, "header is not a JSON object");
            }
            header = on;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // the original message: one line, without Jackson's multi-line location suffix
            throw bad(source, "header is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw bad(source, "header cannot be read (" + e + ")");
        }
        buf.position(buf.position() + headerLength);
        long payloadLength = buf.getLong();
        int payloadStart = buf.position();
        if (payloadLength != bodyLength - payloadStart) {
            throw bad(source, "payload length " + payloadLength + " does not match the file size");
        }
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        JsonNode index = header.path("tensors");
        if (!index.isArray()) {
            throw bad(source, "header has no tensor index");
        }
        for (JsonNode t : index) {
            String name = t.path("name").asText("");
            JsonNode shapeNode = t.path("shape");
            if (name.isEmpty() || !shapeNode.isArray() || shapeNode.size() > MAX_RANK || !t.path("offset").canConvertToLong()) {
                throw bad(source, "tensor entry " + t + " is malformed");
            }
            long[] shape = new long[shapeNode.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shapeNode.get(i).asLong(-1);
                if (shape[i] < 1 || shape[i] > Integer.MAX_VALUE) {
                    throw bad(source, "tensor '" + name + "' has an invalid dimension " + shapeNode.get(i));
                }
                count *= shape[i];
                if (count > Integer.MAX_VALUE / 4) {
                    throw bad(source, "tensor '" + name + "' is too large");
                }
            }
            long offset = t.path("offset").asLong();
            // an offset past the payload leaves a negative room, which no count (>= 1) fits
            if (offset < 0 || offset % 4 != 0 || count > (payloadLength - offset) / 4) {
                throw bad(source, "tensor '" + name + "' lies outside the payload");
            }
            float[] values = new float[(int) count];
            ByteBuffer.wrap(bytes, payloadStart + (int) offset, (int) count * 4).order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer().get(values);
            INDArray arr = Nd4j.createFromArray(values).reshape(shape); // shape [] gives a scalar
            if (tensors.put(name, arr) != null) {
                throw bad(source, "tensor '" + name + "' appears twice");
            }
        }
        return new Decoded(header, tensors);
    }

    private static CorruptFileException bad(String source, String why) {
        return new CorruptFileException(source + " is malformed: " + why);
    }

    private static byte[] sha256(byte[] bytes, int length) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(bytes, 0, length);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

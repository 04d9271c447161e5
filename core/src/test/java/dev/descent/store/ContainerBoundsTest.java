package dev.descent.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Container}'s bounds checks at their limits, on files whose SHA-256 is valid (crafted, not
 * damaged): each limit is accepted exactly up to where it must be, and the first value past it is
 * refused by that check, with its own message.
 */
class ContainerBoundsTest {
    private static final byte[] MAGIC = {'D', 'E', 'S', 'C', 'E', 'N', 'T', 1};

    /** magic, the header length field {@code headerLength}, the header, the payload length field, the payload; sealed. */
    private static byte[] file(int headerLength, String header, long payloadLength, byte[] payload) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 4 + h.length + 8 + payload.length);
        b.put(MAGIC).putInt(headerLength).put(h).putLong(payloadLength).put(payload);
        return sealed(b.array());
    }

    /** A file whose header length field is right. */
    private static byte[] file(String header, long payloadLength, byte[] payload) {
        return file(header.getBytes(StandardCharsets.UTF_8).length, header, payloadLength, payload);
    }

    private static byte[] sealed(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            byte[] out = Arrays.copyOf(body, body.length + digest.length);
            System.arraycopy(digest, 0, out, body.length, digest.length);
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** One tensor {@code t} of {@code shape} at {@code offset} over a payload of {@code floats} values 0, 1, 2, ... */
    private static byte[] oneTensor(String shape, long offset, int floats) {
        String header = "{\"tensors\":[{\"name\":\"t\",\"shape\":" + shape + ",\"offset\":" + offset + "}]}";
        ByteBuffer payload = ByteBuffer.allocate(floats * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < floats; i++) {
            payload.putFloat(i);
        }
        return file(header, floats * 4L, payload.array());
    }

    private static void refused(byte[] bytes, String message) {
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> Container.decode(bytes, "f.ckpt"));
        assertTrue(e.getMessage().startsWith("f.ckpt is " + message), e.getMessage());
    }

    @Test
    void sizeOneDimensionsRoundTrip() {
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        tensors.put("column", Nd4j.createFromArray(new float[][] {{1}, {2}, {3}}));
        tensors.put("row", Nd4j.createFromArray(new float[][] {{4, 5}}));
        tensors.put("one", Nd4j.createFromArray(new float[] {6}));
        tensors.put("scalar", Nd4j.scalar(7f));
        Container.Decoded d = Container.decode(Container.encode(Container.JSON.createObjectNode(), tensors), "m");
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            INDArray back = d.tensors().get(e.getKey());
            assertArrayEquals(e.getValue().shape(), back.shape(), e.getKey());
            assertArrayEquals(e.getValue().data().asFloat(), back.data().asFloat(), e.getKey());
        }
        refused(oneTensor("[3,0]", 0, 3), "malformed: tensor 't' has an invalid dimension 0");
    }

    @Test
    void aTensorMayEndExactlyAtThePayloadsEnd() {
        Container.Decoded d = Container.decode(oneTensor("[2]", 8, 4), "f.ckpt");
        assertArrayEquals(new float[] {2, 3}, d.tensors().get("t").data().asFloat());
        refused(oneTensor("[2]", 12, 4), "malformed: tensor 't' lies outside the payload");
        refused(oneTensor("[5]", 0, 4), "malformed: tensor 't' lies outside the payload");
        refused(oneTensor("[1]", 16, 4), "malformed: tensor 't' lies outside the payload");
        refused(oneTensor("[1]", 1L << 40, 4), "malformed: tensor 't' lies outside the payload");
        refused(oneTensor("[1]", -4, 4), "malformed: tensor 't' lies outside the payload");
        refused(oneTensor("[1]", 2, 4), "malformed: tensor 't' lies outside the payload");
    }

    @Test
    void dimensionsAndCountsAreBoundedBeforeAnythingIsAllocated() {
        // Integer.MAX_VALUE / 4 floats is the largest count; it is then refused only for lying outside the payload
        refused(oneTensor("[536870911]", 0, 1), "malformed: tensor 't' lies outside the payload");
        refused(oneTensor("[536870912]", 0, 1), "malformed: tensor 't' is too large");
        refused(oneTensor("[2147483647]", 0, 1), "malformed: tensor 't' is too large");
        refused(oneTensor("[2147483648]", 0, 1), "malformed: tensor 't' has an invalid dimension 2147483648");
        refused(oneTensor("[65536,65536]", 0, 1), "malformed: tensor 't' is too large");
        assertEquals(8, Container.decode(oneTensor("[1,1,1,1,1,1,1,1]", 0, 1), "f").tensors().get("t").rank());
        refused(oneTensor("[1,1,1,1,1,1,1,1,1]", 0, 1), "malformed: tensor entry");
        refused(oneTensor("\"x\"", 0, 1), "malformed: tensor entry");
        refused(file("{\"tensors\":[{\"name\":\"\",\"shape\":[1],\"offset\":0}]}", 4, new byte[4]),
                "malformed: tensor entry");
        refused(file("{\"tensors\":[{\"name\":\"t\",\"shape\":[1],\"offset\":\"a\"}]}", 4, new byte[4]),
                "malformed: tensor entry");
        String twice = "{\"tensors\":[{\"name\":\"t\",\"shape\":[1],\"offset\":0},{\"name\":\"t\",\"shape\":[1],\"offset\":0}]}";
        refused(file(twice, 4, new byte[4]), "malformed: tensor 't' appears twice");
    }

    @Test
    void theHeaderLengthMustLeaveRoomForThePayloadLength() {
        String header = "{\"tensors\":[]}";
        int n = header.length();
        assertEquals(0, Container.decode(file(n, header, 0, new byte[0]), "f").tensors().size());
        refused(file(n + 1, header, 0, new byte[0]), "malformed: header length " + (n + 1) + " is out of bounds");
        refused(file(n + 8, header, 0, new byte[0]), "malformed: header length " + (n + 8) + " is out of bounds");
        refused(file(0, header, 0, new byte[0]), "malformed: header length 0 is out of bounds");
        refused(file(-1, header, 0, new byte[0]), "malformed: header length -1 is out of bounds");
        // a header length that ends where the payload length field begins, but the JSON is cut: invalid JSON
        refused(file(n - 1, header, 0, new byte[0]), "malformed: header is not valid JSON");
    }

    @Test
    void theHeaderLengthIsCappedAt64MiBWhateverTheFileSize() {
        int cap = 64 << 20;
        String padding = " ".repeat(cap - 2);
        // exactly the cap: read (and found to lack a tensor index); one byte more: refused unread
        refused(file(cap, "{}" + padding, 0, new byte[0]), "malformed: header has no tensor index");
        refused(file(cap + 1, "{} " + padding, 0, new byte[0]), "malformed: header length " + (cap + 1) + " is out of bounds");
    }

    @Test
    void thePayloadLengthMustMatchTheFile() {
        String header = "{\"tensors\":[]}";
        assertEquals(0, Container.decode(file(header, 8, new byte[8]), "f").tensors().size());
        refused(file(header, 9, new byte[8]), "malformed: payload length 9 does not match the file size");
        refused(file(header, 7, new byte[8]), "malformed: payload length 7 does not match the file size");
        refused(file("[]", 0, new byte[0]), "malformed: header is not a JSON object");
        refused(file("{\"tensors\":{}}", 0, new byte[0]), "malformed: header has no tensor index");
    }

    @Test
    void theSmallestPossibleFileIsReadAndAnythingShorterIsTruncated() {
        byte[] smallest = sealed(ByteBuffer.allocate(MAGIC.length + 4 + 8).put(MAGIC).putInt(0).putLong(0).array());
        assertEquals(52, smallest.length);
        refused(smallest, "malformed: header length 0 is out of bounds");
        byte[] shorter = Arrays.copyOf(smallest, 51);
        refused(shorter, "truncated (51 bytes)");
        ObjectNode header = Container.JSON.createObjectNode();
        assertEquals(0, Container.decode(Container.encode(header, Map.of()), "f").tensors().size());
    }
}

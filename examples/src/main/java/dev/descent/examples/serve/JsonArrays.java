package dev.descent.examples.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Nested JSON number arrays to and from float32 {@link INDArray}s, with every malformation reported. */
final class JsonArrays {
    static final int MAX_RANK = 4;
    static final int MAX_ELEMENTS = 1 << 20;

    private JsonArrays() {
    }

    /** A rectangular nested array of numbers; throws {@link BadRequest} naming the input otherwise. */
    static INDArray toArray(String name, JsonNode node) {
        List<Long> shape = new ArrayList<>();
        JsonNode probe = node;
        while (probe.isArray()) {
            if (probe.isEmpty()) {
                throw new BadRequest("input '" + name + "' contains an empty array; send at least one sample");
            }
            shape.add((long) probe.size());
            if (shape.size() > MAX_RANK) {
                throw new BadRequest("input '" + name + "' is nested deeper than rank " + MAX_RANK);
            }
            probe = probe.get(0);
        }
        if (shape.isEmpty()) {
            throw new BadRequest("input '" + name + "' must be a (nested) array of numbers, got " + node.getNodeType());
        }
        long count = shape.stream().reduce(1L, (a, b) -> a * b);
        if (count > MAX_ELEMENTS) {
            throw new BadRequest("input '" + name + "' has " + count + " numbers; at most " + MAX_ELEMENTS + " per request");
        }
        float[] values = new float[(int) count];
        int[] next = {0};
        fill(name, node, shape, 0, values, next);
        long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
        return Nd4j.createFromArray(values).reshape(dims);
    }

    private static void fill(String name, JsonNode node, List<Long> shape, int depth, float[] out, int[] next) {
        if (depth == shape.size()) {
            if (!node.isNumber()) {
                throw new BadRequest("input '" + name + "' holds " + node.getNodeType() + " " + node
                        + " where a number was expected");
            }
            double v = node.asDouble();
            if (!Double.isFinite(v) || Math.abs(v) > Float.MAX_VALUE) {
                throw new BadRequest("input '" + name + "' holds " + node + ", which is not a finite float32");
            }
            out[next[0]++] = (float) v;
            return;
        }
        if (!node.isArray() || node.size() != shape.get(depth)) {
            throw new BadRequest("input '" + name + "' is ragged: expected " + shape.get(depth) + " entries at depth " + depth
                    + ", got " + (node.isArray() ? node.size() + " entries" : node.getNodeType().toString()));
        }
        for (JsonNode child : node) {
            fill(name, child, shape, depth + 1, out, next);
        }
    }

    /** A float32 array as nested JSON arrays (rank 0 as a plain number). */
    static JsonNode toJson(INDArray a) {
        float[] v = a.dup().data().asFloat();
        long[] shape = a.shape();
        if (shape.length == 0) {
            return JsonNodeFactory.instance.numberNode(v[0]);
        }
        int[] next = {0};
        return build(shape, 0, v, next);
    }

    private static ArrayNode build(long[] shape, int depth, float[] v, int[] next) {
        ArrayNode arr = JsonNodeFactory.instance.arrayNode();
        for (long i = 0; i < shape[depth]; i++) {
            if (depth == shape.length - 1) {
                arr.add(v[next[0]++]);
            } else {
                arr.add(build(shape, depth + 1, v, next));
            }
        }
        return arr;
    }

    /** A client error: answered with 400 and this message. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }
}

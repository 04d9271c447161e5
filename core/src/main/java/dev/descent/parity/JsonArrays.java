package dev.descent.parity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Nested JSON arrays, as the golden files hold tensors, read as float32 arrays.
 *
 * <pre>{@code
 * INDArray w = JsonArrays.tensor(goldenCase.path("init").path("0.weight"));   // [[[[...]]]] -> [out, in, kh, kw]
 * }</pre>
 */
public final class JsonArrays {
    private JsonArrays() {
    }

    /** A JSON array of any nesting depth as a float32 array of that shape (a number as a scalar). */
    public static INDArray tensor(JsonNode node) {
        List<Long> shape = new ArrayList<>();
        for (JsonNode n = node; n.isArray(); n = n.get(0)) {
            shape.add((long) n.size());
        }
        double[] flat = flatten(node);
        float[] v = new float[flat.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) flat[i];
        }
        return Nd4j.create(v, shape.stream().mapToLong(Long::longValue).toArray(), 'c');
    }

    /** Every number of a (nested) JSON array, in order. */
    public static double[] flatten(JsonNode node) {
        List<Double> out = new ArrayList<>();
        flattenInto(node, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flattenInto(JsonNode node, List<Double> out) {
        if (node.isArray()) {
            node.forEach(n -> flattenInto(n, out));
        } else {
            out.add(node.asDouble());
        }
    }
}

package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link GradientClipping} at its edges: norms whose float32 squares overflow (the native path, for
 * views), a truly infinite element, the thresholds' own checks, and the value semantics.
 */
class GradientClippingBoundsTest {

    /** {@code values} as row 1 of a 3-row float32 matrix: a view, which takes the native norm. */
    private static INDArray view(float... values) {
        INDArray m = Nd4j.zeros(DataType.FLOAT, 3, values.length);
        INDArray row = m.getRow(1);
        row.assign(Nd4j.createFromArray(values));
        return row;
    }

    @Test
    void aNormWhoseSquaresOverflowFloatIsStillFinite() {
        // 3e20^2 + 4e20^2 = 2.5e41 overflows float32 (max 3.4e38); the norm 5e20 does not
        assertEquals(5e20, GradientClipping.globalNorm(Map.of("g", view(3e20f, 4e20f))), 5e20 * 1e-6);
        assertEquals(5.0, GradientClipping.globalNorm(Map.of("g", view(3f, 4f))), 1e-6);
        assertEquals(Double.POSITIVE_INFINITY,
                GradientClipping.globalNorm(Map.of("g", view(Float.POSITIVE_INFINITY, 1f))));
        INDArray g = view(3e20f, 4e20f);
        assertEquals(5e20, GradientClipping.byGlobalNorm(1.0).apply(Map.of("g", g)), 5e20 * 1e-6);
        assertEquals(1.0, g.norm2Number().doubleValue(), 1e-5, "clipped to the maximum norm");
    }

    @Test
    void thresholdsMustBeFiniteAndPositive() {
        for (double bad : new double[] {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(IllegalArgumentException.class, () -> GradientClipping.byValue(bad), "clipValue " + bad);
            assertThrows(IllegalArgumentException.class, () -> GradientClipping.byGlobalNorm(bad), "maxNorm " + bad);
        }
        assertEquals(Double.MIN_VALUE, GradientClipping.byValue(Double.MIN_VALUE).threshold());
        assertEquals(Double.POSITIVE_INFINITY, GradientClipping.none().threshold());
    }

    @Test
    void clippingIsAValue() {
        assertEquals(GradientClipping.byValue(0.5), GradientClipping.byValue(0.5));
        assertEquals(GradientClipping.byValue(0.5).hashCode(), GradientClipping.byValue(0.5).hashCode());
        assertNotEquals(GradientClipping.byValue(0.5), GradientClipping.byGlobalNorm(0.5));
        assertNotEquals(GradientClipping.byValue(0.5), GradientClipping.byValue(0.25));
        assertNotEquals(GradientClipping.byValue(0.5).hashCode(), GradientClipping.byGlobalNorm(0.5).hashCode());
        assertEquals("GradientClipping.byValue(0.5)", GradientClipping.byValue(0.5).toString());
        assertEquals("GradientClipping.byGlobalNorm(2.0)", GradientClipping.byGlobalNorm(2.0).toString());
        assertEquals("GradientClipping.none()", GradientClipping.none().toString());
    }
}

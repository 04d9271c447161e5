package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GradientClippingTest {

    /** a = [3, 4] (norm 5), b = [[12]] (norm 12): global norm sqrt(25 + 144) = 13. */
    private static Map<String, INDArray> grads() {
        Map<String, INDArray> g = new LinkedHashMap<>();
        g.put("a", Nd4j.createFromArray(3.0, 4.0));
        g.put("b", Nd4j.createFromArray(new double[][] {{12.0}}));
        return g;
    }

    @Test
    void globalNormScalesEveryGradientByTorchsCoefficient() {
        Map<String, INDArray> g = grads();
        assertEquals(13.0, GradientClipping.byGlobalNorm(6.5).apply(g), 1e-12);
        double scale = 6.5 / (13.0 + 1e-6);
        assertArrayEquals(new double[] {3 * scale, 4 * scale}, g.get("a").toDoubleVector(), 1e-12);
        assertEquals(12 * scale, g.get("b").getDouble(0, 0), 1e-12);
        assertEquals(6.5, GradientClipping.globalNorm(g), 1e-5);
    }

    /**
     * The float-lane loop for float gradients: several chunks plus a tail against a sum in double;
     * squares beyond float's range stay finite (as in the double sum); NaN and infinity show.
     */
    @Test
    void floatGradientNormMatchesADoubleSumAndDoesNotOverflow() {
        java.util.Random r = new java.util.Random(3);
        float[] v = new float[3 * 4096 + 77];
        double ref = 0;
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
            ref += (double) v[i] * v[i];
        }
        Map<String, INDArray> g = new LinkedHashMap<>();
        g.put("w", Nd4j.createFromArray(v));
        g.put("b", Nd4j.createFromArray(2f, -1f));
        assertEquals(Math.sqrt(ref + 5), GradientClipping.globalNorm(g), 1e-6 * Math.sqrt(ref));

        float[] huge = new float[100];
        java.util.Arrays.fill(huge, 1e20f);
        double n = GradientClipping.globalNorm(Map.of("h", Nd4j.createFromArray(huge)));
        assertEquals(1e21, n, 1e15, "|g| = 1e20 squares to 1e40, beyond float but finite");

        huge[57] = Float.NaN;
        assertTrue(Double.isNaN(GradientClipping.globalNorm(Map.of("h", Nd4j.createFromArray(huge)))));
        huge[57] = Float.POSITIVE_INFINITY;
        assertEquals(Double.POSITIVE_INFINITY, GradientClipping.globalNorm(Map.of("h", Nd4j.createFromArray(huge))));
    }

    @Test
    void globalNormBelowTheLimitLeavesGradients() {
        Map<String, INDArray> g = grads();
        assertEquals(13.0, GradientClipping.byGlobalNorm(13.0).apply(g), 1e-12); // scale = 13/(13+1e-6) < 1
        assertEquals(3 * 13.0 / (13.0 + 1e-6), g.get("a").getDouble(0), 1e-12);
        Map<String, INDArray> h = grads();
        GradientClipping.byGlobalNorm(20).apply(h);
        assertArrayEquals(new double[] {3, 4}, h.get("a").toDoubleVector());
        assertEquals(12.0, h.get("b").getDouble(0, 0));
    }

    @Test
    void byValueClampsAndReturnsPreClipNorm() {
        Map<String, INDArray> g = grads();
        g.put("c", Nd4j.createFromArray(-7.0, 0.5));
        assertEquals(Math.sqrt(169 + 49 + 0.25), GradientClipping.byValue(3.5).apply(g), 1e-12);
        assertArrayEquals(new double[] {3, 3.5}, g.get("a").toDoubleVector());
        assertEquals(3.5, g.get("b").getDouble(0, 0));
        assertArrayEquals(new double[] {-3.5, 0.5}, g.get("c").toDoubleVector());
    }

    @Test
    void noneMeasuresWithoutChanging() {
        Map<String, INDArray> g = grads();
        assertEquals(13.0, GradientClipping.none().apply(g), 1e-12);
        assertArrayEquals(new double[] {3, 4}, g.get("a").toDoubleVector());
    }

    @Test
    void nonFiniteNormLeavesGradientsAndIsReturned() {
        Map<String, INDArray> g = grads();
        g.put("c", Nd4j.createFromArray(Double.NaN, 1.0));
        assertTrue(Double.isNaN(GradientClipping.byGlobalNorm(1).apply(g)));
        assertArrayEquals(new double[] {3, 4}, g.get("a").toDoubleVector());
        Map<String, INDArray> h = grads();
        h.put("c", Nd4j.createFromArray(Double.POSITIVE_INFINITY, 1.0));
        assertEquals(Double.POSITIVE_INFINITY, GradientClipping.byValue(1).apply(h));
        assertArrayEquals(new double[] {3, 4}, h.get("a").toDoubleVector());
    }

    @Test
    void emptyGradientsHaveNormZero() {
        assertEquals(0.0, GradientClipping.byGlobalNorm(1).apply(new LinkedHashMap<>()));
    }

    @Test
    void validatesThresholds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GradientClipping.byGlobalNorm(0));
        assertTrue(e.getMessage().startsWith("Invalid maxNorm: 0.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.byGlobalNorm(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> GradientClipping.byGlobalNorm(Double.POSITIVE_INFINITY));
        e = assertThrows(IllegalArgumentException.class, () -> GradientClipping.byValue(-1));
        assertTrue(e.getMessage().startsWith("Invalid clipValue: -1.0"), e.getMessage());
        assertEquals(GradientClipping.byValue(2), GradientClipping.byValue(2));
        assertEquals(GradientClipping.Kind.GLOBAL_NORM, GradientClipping.byGlobalNorm(1).kind());
    }
}

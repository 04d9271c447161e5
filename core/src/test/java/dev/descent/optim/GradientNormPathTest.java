package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.descent.ExecutionPath;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link GradientClipping#globalNorm} to the last bit: which gradients take the Java loop (plain
 * float32 arrays of at most 2^20 elements in host memory), and which elements that loop sums in
 * float lanes and which in double. The values are small integers whose squares and sums are exact
 * where the documented rounding model says they are, so the expected norms are exact float64
 * references, not tolerances: a loop bound off by one, or the other path (ND4J's float32 norm,
 * rounded to float), changes the result's last bits.
 */
class GradientNormPathTest {

    /** Matches {@code GradientClipping.SMALL} and {@code CHUNK}. */
    private static final int SMALL = 1 << 20;
    private static final int CHUNK = 4096;

    private static void assumeHostBuffers() {
        Assumptions.assumeTrue(ExecutionPath.hostBuffers(), "the Java loop runs on host buffers only");
    }

    private static double norm(INDArray g) {
        return GradientClipping.globalNorm(Map.of("g", g));
    }

    /** sqrt of the sum of squares in double: exact for the integer values used here. */
    private static double reference(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    @Test
    void aPlainFloatGradientIsSummedInDoubleAcrossChunksAndTail() {
        assumeHostBuffers();
        // chunk 1: 4096 then zeros (lane 0 holds 2^24 exactly); chunk 2: ones (each lane 512);
        // chunk 3: 29 ones, 24 in lanes and 5 in the tail. Any float lane that mixed 2^24 with a 1
        // would lose the 1; the sum in double is exact: 2^24 + 4096 + 29.
        float[] v = new float[2 * CHUNK + 29];
        v[0] = 4096f;
        Arrays.fill(v, CHUNK, v.length, 1f);
        double expected = Math.sqrt((double) (1 << 24) + CHUNK + 29);
        assertEquals(expected, reference(v));
        assertEquals(expected, norm(Nd4j.createFromArray(v)));
        // the same norm as ND4J's float32 reduction gives it, rounded to float: not what the loop returns
        assertNotEquals(expected, Nd4j.createFromArray(v).norm2Number().doubleValue());
    }

    @Test
    void elementsBeyondTheLastWholeGroupOfEightAreAddedInDouble() {
        assumeHostBuffers();
        // 9 elements: 4096 in lane 0, the 1 at index 8 is the tail, added in double: sqrt(2^24 + 1)
        float[] nine = new float[9];
        nine[0] = 4096f;
        nine[8] = 1f;
        assertEquals(Math.sqrt((1 << 24) + 1.0), norm(Nd4j.createFromArray(nine)));
        // 16 elements: index 8 is lane 0 again, summed in float with 2^24, where 2^24 + 1 rounds to
        // 2^24 (documented: each lane sums up to 512 squares in float); a lane bound that left the
        // last whole group of eight to the tail would give sqrt(2^24 + 1)
        float[] sixteen = Arrays.copyOf(nine, 16);
        assertEquals(4096.0, norm(Nd4j.createFromArray(sixteen)));
        assertEquals(Math.sqrt(1 << 24), (float) reference(sixteen), "within float precision of float64");
    }

    @Test
    void everyChunkRestartsItsFloatLanes() {
        assumeHostBuffers();
        // the 1 at index 4096 is lane 0 of the second chunk, not of the first: it is not lost to 2^24
        float[] v = new float[CHUNK + 8];
        v[0] = 4096f;
        v[CHUNK] = 1f;
        assertEquals(Math.sqrt((1 << 24) + 1.0), norm(Nd4j.createFromArray(v)));
    }

    @Test
    void theLoopRunsUpToExactlyTwoToTheTwentiethElements() {
        assumeHostBuffers();
        // 2^20 elements, 3 then ones: every lane sum is exact, so the loop gives sqrt(2^20 + 8) in
        // double; ND4J's float32 norm of the same array is rounded to float
        float[] v = new float[SMALL];
        Arrays.fill(v, 1f);
        v[0] = 3f;
        double exact = Math.sqrt((double) SMALL + 8);
        assertEquals(exact, reference(v));
        assertEquals(exact, norm(Nd4j.createFromArray(v)));
        // one element more: ND4J's reduction, in float32 and rounded to float, within float precision
        float[] more = Arrays.copyOf(v, SMALL + 1);
        more[SMALL] = 1f;
        double native32 = Nd4j.createFromArray(more).norm2Number().doubleValue();
        assertEquals(native32, norm(Nd4j.createFromArray(more)));
        assertEquals((float) native32, native32, "a float32 result");
        assertEquals(Math.sqrt((double) SMALL + 9), native32, 1e-6 * native32);
        assertNotEquals(Math.sqrt((double) SMALL + 9), native32, "the two paths differ in the last bits");
    }

    @Test
    void gradientsOfOtherTypesOrViewsTakeNd4jsNormInTheirOwnType() {
        // float64: ND4J's norm in double, exact for 3-4-12 (13)
        assertEquals(13.0, norm(Nd4j.createFromArray(3.0, 4.0, 12.0)));
        // a view of a float32 matrix (row 1 of 2): ND4J's float32 norm of the row, not of row 0
        INDArray m = Nd4j.createFromArray(new float[][] {{9f, 9f, 9f}, {1f, 1f, 1f}});
        INDArray row = m.getRow(1);
        double native32 = row.norm2Number().doubleValue();
        assertEquals(native32, norm(row));
        assertEquals((float) Math.sqrt(3), (float) native32);
        // the same values in a plain array take the loop on host buffers (sqrt(3) in double), ND4J's norm elsewhere
        assertEquals(ExecutionPath.hostBuffers() ? Math.sqrt(3) : native32, norm(Nd4j.createFromArray(1f, 1f, 1f)));
        assertNotEquals(Math.sqrt(3), native32, "the two paths differ in the last bits: the test can tell them apart");
    }

    @Test
    void theGlobalNormAddsSquaresOfEveryGradient() {
        Map<String, INDArray> g = new LinkedHashMap<>();
        g.put("a", Nd4j.createFromArray(1f, 1f, 1f));
        g.put("b", Nd4j.createFromArray(3.0, 4.0));
        g.put("c", Nd4j.createFromArray(new float[][] {{0f, 0f}, {2f, 2f}}).getRow(1));
        assertEquals(Math.sqrt(3 + 25 + 8), GradientClipping.globalNorm(g), 1e-6);
    }
}

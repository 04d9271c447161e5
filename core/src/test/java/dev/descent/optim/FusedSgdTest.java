package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Rng;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused one-pass update agrees with the BLAS level-1 path for every option: bit for bit in
 * OpenBLAS's vectorised body (both fuse multiply-adds), and to float rounding in OpenBLAS's scalar
 * tails, which round the multiply and the add separately (the difference then compounds over steps).
 */
class FusedSgdTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Sgd.builder().lr(0.05).build(), 37),
                Arguments.of(Sgd.builder().lr(0.05).momentum(0.9).build(), 37),
                Arguments.of(Sgd.builder().lr(0.03).momentum(0.8).dampening(0.3).build(), 1001),
                Arguments.of(Sgd.builder().lr(0.02).momentum(0.9).nesterov(true).weightDecay(1e-3).build(), 4099),
                Arguments.of(Sgd.builder().lr(0.01).momentum(0.5).weightDecay(0.1).maximize(true).build(), 17),
                // large enough to be split across threads
                Arguments.of(Sgd.builder().lr(0.01).momentum(0.9).weightDecay(1e-4).nesterov(true).build(), 2_500_003));
    }

    /** Within float rounding: the paths may round a multiply-add differently, and steps compound it. */
    private static void assertClose(float[] expected, float[] actual, String what) {
        int bitIdentical = 0;
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-6 * Math.max(Math.abs(expected[i]), 1.0);
            if (Math.abs(expected[i] - actual[i]) > tol) {
                throw new AssertionError(what + ": element " + i + " differs: blas " + expected[i] + ", fused " + actual[i]);
            }
            if (expected[i] == actual[i]) {
                bitIdentical++;
            }
        }
        // the vectorised body matches bit for bit; only the scalar tails of OpenBLAS's (per-thread) chunks may not
        assertTrue(bitIdentical >= expected.length * 0.99 - 64, what + ": only " + bitIdentical + " of " + expected.length
                + " elements are bit-identical");
    }

    @ParameterizedTest(name = "{0} over {1}")
    @MethodSource("cases")
    void fusedEqualsBlasBitForBit(Sgd rule, int n) {
        Rng rng = new Rng(n);
        float[] p0 = new float[n];
        for (int i = 0; i < n; i++) {
            p0[i] = (float) rng.nextGaussian();
        }
        INDArray fused = Nd4j.createFromArray(p0);
        INDArray blas = Nd4j.createFromArray(p0);
        ParamState sf = rule.initState(fused);
        ParamState sb = rule.initState(blas);
        for (int step = 0; step < 4; step++) {
            float[] g = new float[n];
            for (int i = 0; i < n; i++) {
                g[i] = (float) rng.nextGaussian();
            }
            INDArray grad = Nd4j.createFromArray(g);
            assertTrue(FusedPass.applicable(fused, grad, sf.buffer(Sgd.MOMENTUM_BUFFER), null, null));
            rule.apply(fused, grad, sf, rule.lr() * (1 + step));
            rule.applyWithBlas(blas, grad, sb, rule.lr() * (1 + step));
            assertClose(blas.toFloatVector(), fused.toFloatVector(), "step " + step);
        }
        if (rule.momentum() != 0) {
            assertClose(sb.buffer(Sgd.MOMENTUM_BUFFER).toFloatVector(), sf.buffer(Sgd.MOMENTUM_BUFFER).toFloatVector(),
                    "momentum buffer");
        }
    }
}

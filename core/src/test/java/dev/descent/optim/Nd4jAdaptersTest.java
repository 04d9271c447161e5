package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J adapters against double-precision re-implementations of ND4J's documented kernels
 * (see each adapter's Javadoc), plus behaviour every adapter must have.
 */
class Nd4jAdaptersTest {

    private static final double[] P0 = {0.5, -1.0, 2.0, 0.0};
    /** Per-step gradients, fixed so reference and adapter see the very same values. */
    private static final double[][] GRADS = {
        {0.1, -0.2, 0.3, 0.0},
        {0.05, 0.4, -0.3, 1.0},
        {-0.2, 0.1, 0.25, -0.5},
        {0.3, -0.05, 0.0, 0.2},
        {0.01, 0.02, -0.6, 0.3},
    };

    /** Runs the adapter on float32 arrays for all GRADS; returns the parameter after each step. */
    private static double[][] run(UpdateRule rule) {
        INDArray p = Nd4j.createFromArray(P0).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        Optimizer opt = Optimizer.create(rule, Map.of("p", p));
        double[][] out = new double[GRADS.length][];
        for (int s = 0; s < GRADS.length; s++) {
            opt.step(Map.of("p", Nd4j.createFromArray(floats(GRADS[s]))));
            out[s] = p.toDoubleVector();
        }
        return out;
    }

    private static float[] floats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** The gradient as the float32 kernel sees it. */
    private static double g(int step, int i) {
        return (float) GRADS[step][i];
    }

    private static void assertClose(double[][] expected, double[][] actual) {
        for (int s = 0; s < expected.length; s++) {
            assertArrayEquals(expected[s], actual[s], 1e-5, "step " + (s + 1));
        }
    }

    @Test
    void adamMatchesNd4jFormula() {
        double lr = 0.01, b1 = 0.8, b2 = 0.95, eps = 1e-3, wd = 0.1;
        double[] p = P0.clone(), m = new double[4], v = new double[4];
        double[][] expected = new double[GRADS.length][];
        for (int s = 0; s < GRADS.length; s++) {
            int t = s + 1;
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < 4; i++) {
                double gi = g(s, i) + wd * p[i];
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                p[i] -= alpha * m[i] / (Math.sqrt(v[i]) + eps);
            }
            expected[s] = p.clone();
        }
        assertClose(expected, run(new Nd4jAdam(lr, b1, b2, eps, wd, false)));
    }

    @Test
    void adamWDecaysDecoupledBeforeTheAdamStep() {
        double lr = 0.01, b1 = 0.9, b2 = 0.999, eps = 1e-8, wd = 0.5;
        double[] p = P0.clone(), m = new double[4], v = new double[4];
        double[][] expected = new double[GRADS.length][];
        for (int s = 0; s < GRADS.length; s++) {
            int t = s + 1;
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < 4; i++) {
                double gi = g(s, i);
                p[i] *= 1 - lr * wd;
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                p[i] -= alpha * m[i] / (Math.sqrt(v[i]) + eps);
            }
            expected[s] = p.clone();
        }
        assertClose(expected, run(new Nd4jAdamW(lr, b1, b2, eps, wd, false)));
    }

    @Test
    void amsGradMatchesNd4jFormula() {
        double lr = 0.01, b1 = 0.9, b2 = 0.9, eps = 1e-4;
        double[] p = P0.clone(), m = new double[4], v = new double[4], vHat = new double[4];
        double[][] expected = new double[GRADS.length][];
        for (int s = 0; s < GRADS.length; s++) {
            int t = s + 1;
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < 4; i++) {
                double gi = g(s, i);
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                vHat[i] = Math.max(vHat[i], v[i]);
                p[i] -= alpha * m[i] / (Math.sqrt(vHat[i]) + eps);
            }
            expected[s] = p.clone();
        }
        assertClose(expected, run(new Nd4jAmsGrad(lr, b1, b2, eps, 0, false)));
    }

    @Test
    void nadamMatchesNd4jFormula() {
        double lr = 0.01, b1 = 0.9, b2 = 0.99, eps = 1e-4;
        double[] p = P0.clone(), m = new double[4], v = new double[4];
        double[][] expected = new double[GRADS.length][];
        for (int s = 0; s < GRADS.length; s++) {
            int t = s + 1;
            for (int i = 0; i < 4; i++) {
                double gi = g(s, i);
                m[i] = b1 * m[i] + (1 - b1) * gi;
                v[i] = b2 * v[i] + (1 - b2) * gi * gi;
                p[i] -= lr * ((b1 * m[i] + (1 - b1) * gi) / (1 - Math.pow(b1, t))) / (Math.sqrt(v[i]) + eps);
            }
            expected[s] = p.clone();
        }
        assertClose(expected, run(new Nd4jNadam(lr, b1, b2, eps, 0, false)));
    }

    @Test
    void rmsPropMatchesNd4jFormulaStartingFromZeroLikeTorch() {
        double lr = 0.01, alpha = 0.9, eps = 1e-3, wd = 0.05;
        double[] p = P0.clone(), sq = new double[4];
        double[][] expected = new double[GRADS.length][];
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < 4; i++) {
                double gi = g(s, i) + wd * p[i];
                sq[i] = alpha * sq[i] + (1 - alpha) * gi * gi;
                p[i] -= lr * gi / (Math.sqrt(sq[i]) + eps);
            }
            expected[s] = p.clone();
        }
        assertClose(expected, run(new Nd4jRmsProp(lr, alpha, eps, wd, false)));
    }

    @Test
    void adaGradMatchesNd4jFormulaWithInitialAccumulator() {
        double lr = 0.1, eps = 1e-3, init = 0.05;
        double[] p = P0.clone(), h = new double[4];
        java.util.Arrays.fill(h, init);
        double[][] expected = new double[GRADS.length][];
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < 4; i++) {
                double gi = -g(s, i); // maximize
                h[i] += gi * gi;
                p[i] -= lr * gi / (Math.sqrt(h[i]) + eps);
            }
            expected[s] = p.clone();
        }
        assertClose(expected, run(new Nd4jAdaGrad(lr, eps, 0, init, true)));
    }

    @Test
    void adaDeltaMatchesTorchFormula() {
        double lr = 0.5, rho = 0.9, eps = 1e-6;
        double[] p = P0.clone(), sq = new double[4], acc = new double[4];
        double[][] expected = new double[GRADS.length][];
        for (int s = 0; s < GRADS.length; s++) {
            for (int i = 0; i < 4; i++) {
                double gi = g(s, i);
                sq[i] = rho * sq[i] + (1 - rho) * gi * gi;
                double d = Math.sqrt(acc[i] + eps) / Math.sqrt(sq[i] + eps) * gi;
                acc[i] = rho * acc[i] + (1 - rho) * d * d;
                p[i] -= lr * d;
            }
            expected[s] = p.clone();
        }
        assertClose(expected, run(new Nd4jAdaDelta(lr, rho, eps, 0, false)));
    }

    static Stream<Arguments> adapters() {
        return Stream.of(
                Arguments.of("adam", 0.1),
                Arguments.of("adamw", 0.1),
                Arguments.of("amsgrad", 0.1),
                Arguments.of("nadam", 0.1),
                Arguments.of("rmsprop", 0.05),
                Arguments.of("adagrad", 0.5),
                Arguments.of("adadelta", 20.0));
    }

    /** loss = sum c_i (p_i - t_i)^2, gradient 2 c_i (p_i - t_i). */
    private static final double[] C = {1.0, 3.0, 0.5, 2.0};
    private static final double[] T = {1.0, -2.0, 0.5, 3.0};

    private static double loss(INDArray p) {
        double l = 0;
        for (int i = 0; i < C.length; i++) {
            double d = p.getDouble(i) - T[i];
            l += C[i] * d * d;
        }
        return l;
    }

    private static INDArray grad(INDArray p) {
        float[] g = new float[C.length];
        for (int i = 0; i < C.length; i++) {
            g[i] = (float) (2 * C[i] * (p.getDouble(i) - T[i]));
        }
        return Nd4j.createFromArray(g);
    }

    @ParameterizedTest
    @MethodSource("adapters")
    void lossDecreasesOnAQuadratic(String name, double lr) {
        INDArray p = Nd4j.createFromArray(floats(P0));
        Optimizer opt = Optimizer.create(UpdateRules.create(name, Map.of("lr", lr)), Map.of("p", p));
        double start = loss(p);
        for (int s = 0; s < 100; s++) {
            opt.step(Map.of("p", grad(p)));
        }
        assertTrue(loss(p) < 0.2 * start, name + ": loss " + start + " -> " + loss(p));
    }

    @ParameterizedTest
    @MethodSource("adapters")
    void exportedStateResumesBitIdentically(String name, double lr) {
        UpdateRule rule = UpdateRules.create(name, Map.of("lr", lr, "weight_decay", 0.01));
        INDArray p = Nd4j.createFromArray(new float[][] {{0.5f, -1f}, {2f, 0f}}).reshape(4);
        Optimizer opt = Optimizer.create(rule, Map.of("p", p));
        for (int s = 0; s < 3; s++) {
            opt.step(Map.of("p", grad(p)));
        }
        OptimizerState saved = opt.exportState();
        INDArray resumed = p.dup();
        for (int s = 0; s < 4; s++) {
            opt.setLr(0, lr / (s + 2)); // a schedule changing lr must be replayed identically too
            opt.step(Map.of("p", grad(p)));
        }
        Optimizer again = Optimizer.create(rule, Map.of("p", resumed));
        again.restoreState(saved);
        assertEquals(3, again.state("p").step());
        for (int s = 0; s < 4; s++) {
            again.setLr(0, lr / (s + 2));
            again.step(Map.of("p", grad(resumed)));
        }
        assertArrayEquals(p.toFloatVector(), resumed.toFloatVector(), 0f, name);
    }

    @ParameterizedTest
    @MethodSource("adapters")
    void theStepsLearningRateDrivesTheUpdate(String name, double lr) {
        INDArray p = Nd4j.createFromArray(floats(P0));
        INDArray q = Nd4j.createFromArray(floats(P0));
        INDArray frozen = Nd4j.createFromArray(floats(P0));
        UpdateRule rule = UpdateRules.create(name, Map.of("lr", lr, "weight_decay", 0.0));
        Optimizer full = Optimizer.create(rule, Map.of("p", p));
        Optimizer half = Optimizer.create(rule, Map.of("p", q));
        Optimizer zero = Optimizer.create(rule, Map.of("p", frozen));
        half.setLr(0, lr / 2);
        zero.setLr(0, 0.0);
        INDArray g = Nd4j.createFromArray(floats(GRADS[0]));
        full.step(Map.of("p", g));
        half.step(Map.of("p", g));
        zero.step(Map.of("p", g));
        for (int i = 0; i < P0.length; i++) {
            assertEquals((p.getDouble(i) - P0[i]) / 2, q.getDouble(i) - P0[i], 1e-6, name);
        }
        assertArrayEquals(floats(P0), frozen.toFloatVector(), 0f, name + ": lr 0 must not move parameters");
        assertEquals(1, zero.state("p").step());
    }

    @Test
    void higherRankParametersAreUpdatedElementwise() {
        INDArray w = Nd4j.createFromArray(new float[][] {{1f, 2f, 3f}, {4f, 5f, 6f}});
        INDArray g = Nd4j.createFromArray(new float[][] {{1f, -1f, 0f}, {0.5f, 0f, -2f}});
        Optimizer.create(Nd4jRules.rmsprop(0.1), Map.of("w", w)).step(Map.of("w", g));
        // first RMSprop step from s = 0: p -= lr * g / (sqrt((1 - alpha) g^2) + eps) = lr * sign(g) / sqrt(0.01)
        float[][] expected = {{0f, 3f, 3f}, {3f, 5f, 7f}};
        for (int r = 0; r < 2; r++) {
            assertArrayEquals(expected[r], w.getRow(r).toFloatVector(), 1e-5f);
        }
    }

    @Test
    void validatesTorchStyle() {
        Function<Map<String, Object>, String> adamError = h -> assertThrows(IllegalArgumentException.class,
                () -> UpdateRules.create("adam", h)).getMessage();
        assertTrue(adamError.apply(Map.of("lr", -1.0)).startsWith("Invalid learning rate: -1.0"));
        assertTrue(adamError.apply(Map.of("betas", List.of(1.5, 0.999))).startsWith("Invalid beta parameter at index 0: 1.5"));
        assertTrue(adamError.apply(Map.of("beta2", 1.0)).startsWith("Invalid beta parameter at index 1: 1.0"));
        assertTrue(adamError.apply(Map.of("eps", Double.NaN)).startsWith("Invalid epsilon value: NaN"));
        assertTrue(adamError.apply(Map.of("weight_decay", -0.1)).startsWith("Invalid weight_decay value: -0.1"));
        assertTrue(adamError.apply(Map.of("amsgrad", true)).contains("\"amsgrad\" rule"));
        assertTrue(adamError.apply(Map.of("momentum", 0.9)).startsWith("Unknown hyper-parameter 'momentum'"));
        assertTrue(adamError.apply(Map.of("betas", List.of(0.9))).startsWith("Invalid betas value"));
        assertThrows(IllegalArgumentException.class, () -> UpdateRules.create("rmsprop", Map.of("alpha", -0.1)));
        assertThrows(IllegalArgumentException.class, () -> UpdateRules.create("rmsprop", Map.of("centered", true)));
        assertThrows(IllegalArgumentException.class, () -> UpdateRules.create("adadelta", Map.of("rho", 1.1)));
        assertThrows(IllegalArgumentException.class, () -> UpdateRules.create("adagrad", Map.of("lr_decay", 0.1)));
        assertThrows(IllegalArgumentException.class,
                () -> UpdateRules.create("adagrad", Map.of("initial_accumulator_value", -1.0)));
        assertThrows(IllegalArgumentException.class, () -> Nd4jAdam.of(Double.POSITIVE_INFINITY));
        // neutral values of unsupported torch options are accepted
        assertEquals(0.1, UpdateRules.create("rmsprop", Map.of("lr", 0.1, "momentum", 0, "centered", false)).lr());
        assertEquals(0.9, ((Nd4jAmsGrad) UpdateRules.create("amsgrad", Map.of("amsgrad", true))).beta1());
    }
}

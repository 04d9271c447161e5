package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.ExecutionPath;
import dev.descent.RepeatsFasterTests;
import dev.descent.data.Rng;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam, AdamW, RMSprop, Adagrad and Adadelta, step by step, against torch 1.13's algorithms written
 * out below in double precision ({@code _single_tensor_*}, with torch's float32 scalars), on both execution paths: the fused pass
 * over host buffers and the portable ND4J ops. The learning rate changes between steps, as under a
 * schedule, and the gradient depends on the parameter, so every step's state matters.
 */
class AdaptiveRulesTest {

    // ------------------------------------------------------------------ torch's algorithms, in double

    /** One parameter's reference optimizer: state per element, one step at a time. */
    interface Reference {
        void step(double[] p, double[] g, double lr);
    }

    /**
     * A scalar as torch applies it to a float32 tensor: rounded to float (torch computes e.g.
     * {@code 1 - beta1} or {@code lr / bias_correction1} in Python doubles, then the kernel casts
     * them). Without this, a gradient that nearly cancels its weight decay ({@code -g + wd * p ~ 0})
     * would differ between the reference and any float32 implementation, torch's included.
     */
    static double f(double scalar) {
        return (float) scalar;
    }

    /** torch.optim.Adam / AdamW (decoupled). */
    static Reference adam(double b1, double b2, double eps, double wd, boolean amsgrad, boolean maximize,
            boolean decoupled, int n) {
        double[] m = new double[n];
        double[] v = new double[n];
        double[] vmax = new double[n];
        long[] t = {0};
        return (p, g, lr) -> {
            t[0]++;
            double bc1 = 1 - Math.pow(b1, t[0]);
            double bc2 = 1 - Math.pow(b2, t[0]);
            for (int i = 0; i < n; i++) {
                double gi = maximize ? -g[i] : g[i];
                if (decoupled) {
                    p[i] *= f(1 - lr * wd);
                } else {
                    gi += f(wd) * p[i];
                }
                m[i] = f(b1) * m[i] + f(1 - b1) * gi;
                v[i] = f(b2) * v[i] + f(1 - b2) * gi * gi;
                vmax[i] = Math.max(vmax[i], v[i]);
                double denom = Math.sqrt(amsgrad ? vmax[i] : v[i]) / f(Math.sqrt(bc2)) + f(eps);
                p[i] -= f(lr / bc1) * m[i] / denom;
            }
        };
    }

    /** torch.optim.RMSprop. */
    static Reference rmsprop(double alpha, double eps, double wd, double momentum, boolean centered, boolean maximize,
            int n) {
        double[] sq = new double[n];
        double[] ga = new double[n];
        double[] buf = new double[n];
        return (p, g, lr) -> {
            for (int i = 0; i < n; i++) {
                double gi = (maximize ? -g[i] : g[i]) + f(wd) * p[i];
                sq[i] = f(alpha) * sq[i] + f(1 - alpha) * gi * gi;
                double avg;
                if (centered) {
                    ga[i] = f(alpha) * ga[i] + f(1 - alpha) * gi;
                    avg = Math.sqrt(sq[i] - ga[i] * ga[i]);
                } else {
                    avg = Math.sqrt(sq[i]);
                }
                avg += f(eps);
                if (momentum > 0) {
                    buf[i] = f(momentum) * buf[i] + gi / avg;
                    p[i] -= f(lr) * buf[i];
                } else {
                    p[i] -= f(lr) * gi / avg;
                }
            }
        };
    }

    /** torch.optim.Adagrad. */
    static Reference adagrad(double lrDecay, double wd, double initial, double eps, boolean maximize, int n) {
        double[] sum = new double[n];
        java.util.Arrays.fill(sum, initial);
        long[] t = {0};
        return (p, g, lr) -> {
            t[0]++;
            double clr = lr / (1 + (t[0] - 1) * lrDecay);
            for (int i = 0; i < n; i++) {
                double gi = (maximize ? -g[i] : g[i]) + f(wd) * p[i];
                sum[i] += gi * gi;
                p[i] -= f(clr) * gi / (Math.sqrt(sum[i]) + f(eps));
            }
        };
    }

    /** torch.optim.Adadelta. */
    static Reference adadelta(double rho, double eps, double wd, boolean maximize, int n) {
        double[] sq = new double[n];
        double[] acc = new double[n];
        return (p, g, lr) -> {
            for (int i = 0; i < n; i++) {
                double gi = (maximize ? -g[i] : g[i]) + f(wd) * p[i];
                sq[i] = f(rho) * sq[i] + f(1 - rho) * gi * gi;
                double std = Math.sqrt(sq[i] + f(eps));
                double delta = Math.sqrt(acc[i] + f(eps)) / std * gi;
                acc[i] = f(rho) * acc[i] + f(1 - rho) * delta * delta;
                p[i] -= f(lr) * delta;
            }
        };
    }

    /** The reference for a rule, from its hyper-parameters. */
    static Reference reference(UpdateRule r, int n) {
        if (r instanceof Adam a) {
            return adam(a.beta1(), a.beta2(), a.eps(), a.weightDecay(), a.amsgrad(), a.maximize(), false, n);
        }
        if (r instanceof AdamW a) {
            return adam(a.beta1(), a.beta2(), a.eps(), a.weightDecay(), a.amsgrad(), a.maximize(), true, n);
        }
        if (r instanceof RmsProp a) {
            return rmsprop(a.alpha(), a.eps(), a.weightDecay(), a.momentum(), a.centered(), a.maximize(), n);
        }
        if (r instanceof Adagrad a) {
            return adagrad(a.lrDecay(), a.weightDecay(), a.initialAccumulatorValue(), a.eps(), a.maximize(), n);
        }
        if (r instanceof Adadelta a) {
            return adadelta(a.rho(), a.eps(), a.weightDecay(), a.maximize(), n);
        }
        throw new IllegalArgumentException(r.toString());
    }

    // ------------------------------------------------------------------ the rules under test

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of(UpdateRules.create("adam", Map.of("lr", 0.05))),
                Arguments.of(UpdateRules.create("adam", Map.of("lr", 0.03, "betas", List.of(0.8, 0.95), "eps", 1e-3,
                        "weight_decay", 0.1))),
                Arguments.of(UpdateRules.create("adam", Map.of("lr", 0.03, "amsgrad", true, "weight_decay", 0.01,
                        "maximize", true))),
                Arguments.of(UpdateRules.create("adamw", Map.of("lr", 0.05))),
                Arguments.of(UpdateRules.create("adamw", Map.of("lr", 0.05, "weight_decay", 0.3, "amsgrad", true,
                        "betas", List.of(0.5, 0.9)))),
                Arguments.of(UpdateRules.create("adamw", Map.of("lr", 0.02, "maximize", true))),
                Arguments.of(UpdateRules.create("rmsprop", Map.of("lr", 0.01))),
                Arguments.of(UpdateRules.create("rmsprop", Map.of("lr", 0.01, "alpha", 0.9, "momentum", 0.5,
                        "centered", true))),
                Arguments.of(UpdateRules.create("rmsprop", Map.of("lr", 0.005, "centered", true, "eps", 1e-4))),
                Arguments.of(UpdateRules.create("rmsprop", Map.of("lr", 0.01, "momentum", 0.9, "weight_decay", 0.1,
                        "maximize", true))),
                Arguments.of(UpdateRules.create("adagrad", Map.of("lr", 0.3))),
                Arguments.of(UpdateRules.create("adagrad", Map.of("lr", 0.3, "lr_decay", 0.1, "weight_decay", 0.05,
                        "initial_accumulator_value", 0.2, "eps", 1e-6))),
                Arguments.of(UpdateRules.create("adagrad", Map.of("lr", 0.1, "maximize", true))),
                Arguments.of(UpdateRules.create("adadelta", Map.of())),
                Arguments.of(UpdateRules.create("adadelta", Map.of("lr", 0.5, "rho", 0.95, "eps", 1e-4,
                        "weight_decay", 0.1, "maximize", true))));
    }

    private static final double[] P0 = {1.0, -2.0, 0.5, 0.0, 3.0, -0.25, 1e-3};
    private static final int STEPS = 12;

    /** The step's learning rate: the rule's, halved every third step and restored, as a schedule would. */
    private static double lr(UpdateRule rule, int step) {
        return step % 3 == 2 ? rule.lr() * 0.5 : rule.lr();
    }

    /** The gradient depends on the parameter: g = 2p + 1 + 0.3 sin(5p). */
    private static double grad(double p) {
        return 2 * p + 1 + 0.3 * Math.sin(5 * p);
    }

    /** Runs the rule through an {@link Optimizer} in float32; the parameter after each step. */
    private static double[][] run(UpdateRule rule) {
        INDArray p = Nd4j.createFromArray(P0).castTo(DataType.FLOAT);
        Optimizer opt = Optimizer.create(rule, Map.of("p", p));
        double[][] out = new double[STEPS][];
        for (int s = 0; s < STEPS; s++) {
            double[] now = p.toDoubleVector();
            float[] g = new float[now.length];
            for (int i = 0; i < g.length; i++) {
                g[i] = (float) grad(now[i]);
            }
            INDArray gradient = Nd4j.createFromArray(g);
            opt.setLr(0, lr(rule, s));
            opt.step(Map.of("p", gradient));
            assertTrue(gradient.equals(Nd4j.createFromArray(g)), "the gradient is read, never written");
            out[s] = p.toDoubleVector();
        }
        return out;
    }

    private static double[][] runReference(UpdateRule rule) {
        double[] p = P0.clone();
        Reference ref = reference(rule, p.length);
        double[][] out = new double[STEPS][];
        for (int s = 0; s < STEPS; s++) {
            double[] g = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                g[i] = grad(p[i]);
            }
            ref.step(p, g, lr(rule, s));
            out[s] = p.clone();
        }
        return out;
    }

    /**
     * Runs {@code body} with the portable path forced or not, restoring the property afterwards; the
     * fast path exists only on the CPU backend (elsewhere, e.g. on CUDA, the test is skipped).
     */
    static <T> T onPath(boolean portable, Supplier<T> body) {
        Assumptions.assumeTrue(portable || ExecutionPath.select(Nd4j.getBackend().getClass().getName(), null)
                == ExecutionPath.FAST, "the fast path runs on the CPU backend only");
        String before = System.getProperty(ExecutionPath.PORTABLE_PROPERTY);
        System.setProperty(ExecutionPath.PORTABLE_PROPERTY, Boolean.toString(portable));
        try {
            assertEquals(portable ? ExecutionPath.PORTABLE : ExecutionPath.FAST, ExecutionPath.current());
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty(ExecutionPath.PORTABLE_PROPERTY);
            } else {
                System.setProperty(ExecutionPath.PORTABLE_PROPERTY, before);
            }
        }
    }

    private static void assertClose(double[][] expected, double[][] actual, double tol, String what) {
        for (int s = 0; s < expected.length; s++) {
            for (int i = 0; i < expected[s].length; i++) {
                double e = expected[s][i];
                double a = actual[s][i];
                assertTrue(Math.abs(e - a) <= tol * Math.max(1, Math.abs(e)),
                        what + ": step " + (s + 1) + ", element " + i + ": torch's formula " + e + ", ours " + a);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void fastPathFollowsTorchsAlgorithm(UpdateRule rule) {
        assertClose(runReference(rule), onPath(false, () -> run(rule)), 2e-6, "fast path");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void portablePathFollowsTorchsAlgorithm(UpdateRule rule) {
        assertClose(runReference(rule), onPath(true, () -> run(rule)), 2e-6, "portable path");
    }

    /**
     * A parameter larger than a chunk (a partial last chunk): both paths against the reference on
     * every element, three steps.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void parametersOfSeveralChunksOnBothPaths(UpdateRule rule) {
        bothPathsFollowTheReferenceOnEveryElement(rule, 3 * FusedPass.CHUNK + 123);
    }

    /** A parameter larger than the parallel threshold (split over threads), as above. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    @RepeatsFasterTests({"parametersOfSeveralChunksOnBothPaths", "FusedPassSplitTest#everyElementOfEveryStreamIsVisitedExactlyOnce"})
    void parametersSplitOverThreadsOnBothPaths(UpdateRule rule) {
        bothPathsFollowTheReferenceOnEveryElement(rule, (1 << 20) + 4099);
    }

    private static void bothPathsFollowTheReferenceOnEveryElement(UpdateRule rule, int n) {
        Rng rng = new Rng(n);
        float[] p0 = new float[n];
        float[][] grads = new float[3][n];
        for (int i = 0; i < n; i++) {
            p0[i] = (float) rng.nextGaussian();
            for (float[] g : grads) {
                g[i] = (float) (0.1 * rng.nextGaussian());
            }
        }
        double[] expected = new double[n];
        for (int i = 0; i < n; i++) {
            expected[i] = p0[i];
        }
        Reference ref = reference(rule, n);
        for (float[] g : grads) {
            double[] gd = new double[n];
            for (int i = 0; i < n; i++) {
                gd[i] = g[i];
            }
            ref.step(expected, gd, rule.lr());
        }
        for (boolean portable : new boolean[] {false, true}) {
            float[] got = onPath(portable, () -> {
                INDArray p = Nd4j.createFromArray(p0.clone());
                ParamState s = rule.initState(p);
                for (float[] g : grads) {
                    rule.apply(p, Nd4j.createFromArray(g), s, rule.lr());
                }
                assertEquals(3, s.step());
                return p.toFloatVector();
            });
            for (int i = 0; i < n; i++) {
                if (!(Math.abs(expected[i] - got[i]) <= 2e-6 * Math.max(1, Math.abs(expected[i])))) {
                    throw new AssertionError((portable ? "portable" : "fast") + " path, n = " + n + ", element " + i
                            + ": torch's formula " + expected[i] + ", ours " + got[i]);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void aViewTakesThePortablePathAndMatches(UpdateRule rule) {
        // a column of a matrix is a strided view: the fused pass cannot address it
        INDArray matrix = Nd4j.createFromArray(new float[][] {{1f, 9f}, {-2f, 9f}, {0.5f, 9f}});
        INDArray column = matrix.getColumn(0);
        INDArray plain = Nd4j.createFromArray(1f, -2f, 0.5f);
        ParamState sv = rule.initState(column);
        ParamState sp = rule.initState(plain);
        for (int s = 0; s < 4; s++) {
            rule.apply(column, column.mul(2).addi(1), sv, rule.lr());
            rule.apply(plain, plain.mul(2).addi(1), sp, rule.lr());
        }
        float[] a = column.toFloatVector();
        float[] b = plain.toFloatVector();
        for (int i = 0; i < 3; i++) {
            assertEquals(b[i], a[i], 1e-6 * Math.max(1, Math.abs(b[i])), "element " + i);
        }
        assertEquals(9f, matrix.getFloat(0, 1), "the other column is untouched");
    }

    @Test
    void groupsOverrideBetasLearningRateAndFlags() {
        INDArray w = Nd4j.createFromArray(1f, -1f);
        INDArray b = Nd4j.createFromArray(0.5f);
        INDArray c = Nd4j.createFromArray(2f, 0.25f);
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("w", w);
        params.put("b", b);
        params.put("c", c);
        UpdateRule defaults = UpdateRules.create("adam", Map.of("lr", 0.05));
        Optimizer opt = Optimizer.create(defaults, params, List.of(
                new ParamGroup(List.of("w"), Map.of("betas", List.of(0.5, 0.9), "lr", 0.1)),
                new ParamGroup(List.of("b"), Map.of("amsgrad", true, "weight_decay", 0.1, "eps", 1e-3))));
        assertEquals(new Adam(0.1, 0.5, 0.9, 1e-8, 0, false, false), opt.rule(0));
        assertEquals(new Adam(0.05, 0.9, 0.999, 1e-3, 0.1, true, false), opt.rule(1));
        assertEquals(defaults, opt.rule(2));
        assertTrue(opt.state("b").buffers().containsKey(AdamKernel.MAX_EXP_AVG_SQ));
        assertTrue(!opt.state("w").buffers().containsKey(AdamKernel.MAX_EXP_AVG_SQ));
        Reference rw = reference(opt.rule(0), 2);
        Reference rb = reference(opt.rule(1), 1);
        Reference rc = reference(opt.rule(2), 2);
        double[] ew = {1, -1};
        double[] eb = {0.5};
        double[] ec = {2, 0.25};
        for (int s = 0; s < 6; s++) {
            Map<String, INDArray> grads = Map.of("w", w.mul(2).addi(1), "b", b.mul(2).addi(1), "c", c.mul(2).addi(1));
            opt.step(grads);
            rw.step(ew, twoPPlusOne(ew), 0.1);
            rb.step(eb, twoPPlusOne(eb), 0.05);
            rc.step(ec, twoPPlusOne(ec), 0.05);
        }
        assertClose(new double[][] {ew, eb, ec}, new double[][] {w.toDoubleVector(), b.toDoubleVector(),
            c.toDoubleVector()}, 2e-6, "groups");
    }

    private static double[] twoPPlusOne(double[] p) {
        double[] g = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            g[i] = (float) (2 * (float) p[i] + 1);
        }
        return g;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void exportedStateResumesBitIdentically(UpdateRule rule) {
        for (boolean portable : new boolean[] {false, true}) {
            onPath(portable, () -> {
                INDArray straight = Nd4j.createFromArray(1f, -2f, 0.5f);
                Optimizer a = Optimizer.create(rule, Map.of("p", straight));
                for (int i = 0; i < 6; i++) {
                    a.step(Map.of("p", straight.mul(2).addi(1)));
                }
                INDArray resumed = Nd4j.createFromArray(1f, -2f, 0.5f);
                Optimizer b = Optimizer.create(rule, Map.of("p", resumed));
                for (int i = 0; i < 3; i++) {
                    b.step(Map.of("p", resumed.mul(2).addi(1)));
                }
                OptimizerState saved = b.exportState();
                INDArray copy = resumed.dup();
                b.step(Map.of("p", resumed.mul(2).addi(1))); // the export is a deep copy: this must not leak into it
                Optimizer c = Optimizer.create(rule, Map.of("p", copy));
                c.restoreState(saved);
                for (int i = 0; i < 3; i++) {
                    c.step(Map.of("p", copy.mul(2).addi(1)));
                }
                assertEquals(straight, copy, rule + (portable ? " (portable)" : " (fast)"));
                return null;
            });
        }
    }

    @Test
    void stateCarriesTorchsBufferNamesAndTheStep() {
        INDArray p = Nd4j.createFromArray(1f, 2f);
        assertEquals(List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq"), List.copyOf(
                UpdateRules.create("adam", Map.of("amsgrad", true)).initState(p).buffers().keySet()));
        assertEquals(List.of("exp_avg", "exp_avg_sq"), List.copyOf(
                UpdateRules.create("adamw", Map.of()).initState(p).buffers().keySet()));
        assertEquals(List.of("square_avg", "grad_avg", "momentum_buffer"), List.copyOf(UpdateRules.create("rmsprop",
                Map.of("centered", true, "momentum", 0.9)).initState(p).buffers().keySet()));
        assertEquals(List.of("square_avg"), List.copyOf(
                UpdateRules.create("rmsprop", Map.of()).initState(p).buffers().keySet()));
        assertEquals(List.of("square_avg", "acc_delta"), List.copyOf(
                UpdateRules.create("adadelta", Map.of()).initState(p).buffers().keySet()));
        // buffers a step creates itself (a state restored empty): still no momentum buffer at momentum 0
        ParamState lazy = new ParamState();
        UpdateRules.create("rmsprop", Map.of()).apply(Nd4j.createFromArray(1f, 2f), Nd4j.createFromArray(0.5f, 1f), lazy, 0.01);
        assertEquals(List.of("square_avg"), List.copyOf(lazy.buffers().keySet()));
        ParamState sum = UpdateRules.create("adagrad", Map.of("initial_accumulator_value", 0.25)).initState(p);
        assertEquals(List.of("sum"), List.copyOf(sum.buffers().keySet()));
        assertEquals(Nd4j.createFromArray(0.25f, 0.25f), sum.buffer("sum"));
        ParamState s = UpdateRules.create("adam", Map.of()).initState(p);
        UpdateRules.create("adam", Map.of()).apply(p, Nd4j.createFromArray(0.5f, -0.5f), s, 1e-3);
        assertEquals(1, s.step());
        assertEquals(Nd4j.createFromArray(0.05f, -0.05f), s.buffer("exp_avg"));
    }

    @Test
    void aZeroLearningRateLeavesTheParameterAlone() {
        for (String name : List.of("adam", "adamw", "rmsprop", "adagrad", "adadelta")) {
            for (boolean portable : new boolean[] {false, true}) {
                INDArray p = Nd4j.createFromArray(1f, -2f);
                UpdateRule r = UpdateRules.create(name, Map.of("lr", 0.0, "weight_decay", 0.1));
                onPath(portable, () -> {
                    ParamState s = r.initState(p);
                    r.apply(p, Nd4j.createFromArray(0.3f, 0.7f), s, 0.0);
                    return null;
                });
                assertEquals(Nd4j.createFromArray(1f, -2f), p, name);
            }
        }
    }

    @Test
    void adamsFirstStepIsTheLearningRateTimesTheGradientsSign() {
        // bias correction makes the first step lr * g / (|g| + eps): lr * sign(g) for |g| >> eps
        INDArray p = Nd4j.createFromArray(0f, 0f, 0f);
        Optimizer opt = Optimizer.create(Adam.of(0.01), Map.of("p", p));
        opt.step(Map.of("p", Nd4j.createFromArray(3f, -0.002f, 0f)));
        assertEquals(-0.01, p.getDouble(0), 1e-8);
        assertEquals(0.01, p.getDouble(1), 1e-7);
        assertEquals(0.0, p.getDouble(2), 0.0);
    }
}

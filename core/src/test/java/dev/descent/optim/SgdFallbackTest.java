package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.descent.ExecutionPath;
import dev.descent.data.Rng;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Sgd#apply}'s BLAS path, which views, float64 parameters and the portable path take:
 * each option alone and together, against torch's update written out in double precision here
 * (the formula in {@link Sgd}'s Javadoc), and against the fused path for float32 views (on the
 * portable path both run the BLAS update).
 */
class SgdFallbackTest {
    private static final int N = 37;
    private static final int STEPS = 4;

    static Stream<Sgd> rules() {
        return Stream.of(
                Sgd.builder().lr(0.1).build(),
                Sgd.builder().lr(0.1).maximize(true).build(),
                Sgd.builder().lr(0.1).weightDecay(0.3).build(),
                Sgd.builder().lr(0.1).momentum(0.9).build(),
                Sgd.builder().lr(0.1).momentum(0.8).dampening(0.25).build(),
                Sgd.builder().lr(0.1).momentum(0.9).nesterov(true).build(),
                Sgd.builder().lr(0.05).momentum(0.5).weightDecay(0.1).nesterov(true).maximize(true).build());
    }

    /** torch 1.13's {@code _single_tensor_sgd} in double precision; the schedule scales lr by (1 + step). */
    private static double[] torch(Sgd s, double[] p0, double[][] grads) {
        double[] p = p0.clone();
        double[] buf = null;
        for (int step = 0; step < grads.length; step++) {
            double lr = s.lr() * (1 + step);
            double[] d = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                d[i] = (s.maximize() ? -grads[step][i] : grads[step][i]) + s.weightDecay() * p[i];
            }
            if (s.momentum() != 0) {
                if (buf == null) {
                    buf = d.clone();
                } else {
                    for (int i = 0; i < p.length; i++) {
                        buf[i] = s.momentum() * buf[i] + (1 - s.dampening()) * d[i];
                    }
                }
                for (int i = 0; i < p.length; i++) {
                    d[i] = s.nesterov() ? d[i] + s.momentum() * buf[i] : buf[i];
                }
            }
            for (int i = 0; i < p.length; i++) {
                p[i] -= lr * d[i];
            }
        }
        return p;
    }

    private static double[] gaussian(Rng rng) {
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void float64ParametersTakeTheBlasPathAndFollowTorch(Sgd rule) {
        Rng rng = new Rng(5);
        double[] p0 = gaussian(rng);
        double[][] grads = new double[STEPS][];
        for (int s = 0; s < STEPS; s++) {
            grads[s] = gaussian(rng);
        }
        INDArray p = Nd4j.createFromArray(p0.clone());
        ParamState state = rule.initState(p);
        for (int s = 0; s < STEPS; s++) {
            INDArray g = Nd4j.createFromArray(grads[s].clone());
            assertFalse(FusedPass.applicable(p, g, state.buffer(Sgd.MOMENTUM_BUFFER), null, null));
            rule.apply(p, g, state, rule.lr() * (1 + s));
            assertArrayEquals(grads[s], g.toDoubleVector(), "the gradient is read, never written");
        }
        assertArrayEquals(torch(rule, p0, grads), p.toDoubleVector(), 1e-12);
        assertEquals(STEPS, state.step());
        assertEquals(rule.momentum() != 0, state.buffer(Sgd.MOMENTUM_BUFFER) != null);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void float32ViewsTakeTheBlasPathAndAgreeWithTheFusedPath(Sgd rule) {
        Rng rng = new Rng(8);
        float[] p0 = toFloat(gaussian(rng));
        INDArray plain = Nd4j.createFromArray(p0.clone());
        INDArray matrix = Nd4j.zeros(DataType.FLOAT, 3, N);
        INDArray view = matrix.getRow(1);
        view.assign(Nd4j.createFromArray(p0.clone()));
        ParamState fusedState = rule.initState(plain);
        ParamState viewState = rule.initState(view);
        double[] reference = new double[N];
        for (int i = 0; i < N; i++) {
            reference[i] = p0[i];
        }
        double[][] grads = new double[STEPS][];
        for (int s = 0; s < STEPS; s++) {
            float[] g = toFloat(gaussian(rng));
            grads[s] = new double[N];
            for (int i = 0; i < N; i++) {
                grads[s][i] = g[i];
            }
            INDArray grad = Nd4j.createFromArray(g);
            assertEquals(ExecutionPath.hostBuffers(), FusedPass.applicable(plain, grad, fusedState.buffer(Sgd.MOMENTUM_BUFFER), null, null));
            assertFalse(FusedPass.applicable(view, grad, viewState.buffer(Sgd.MOMENTUM_BUFFER), null, null));
            rule.apply(plain, grad, fusedState, rule.lr() * (1 + s));
            rule.apply(view, grad, viewState, rule.lr() * (1 + s));
        }
        double[] torch = torch(rule, reference, grads);
        float[] fused = plain.toFloatVector();
        float[] blas = view.toFloatVector();
        for (int i = 0; i < N; i++) {
            double tol = 1e-5 * Math.max(1, Math.abs(torch[i]));
            assertEquals(torch[i], fused[i], tol, "fused, element " + i);
            assertEquals(torch[i], blas[i], tol, "blas on a view, element " + i);
            assertEquals(fused[i], blas[i], 1e-6 * Math.max(1, Math.abs(fused[i])), "fused against blas, element " + i);
        }
        assertEquals(STEPS, fusedState.step());
        assertEquals(STEPS, viewState.step());
        assertArrayEquals(new float[N], matrix.getRow(0).toFloatVector(), "the rows around the view are untouched");
        assertArrayEquals(new float[N], matrix.getRow(2).toFloatVector(), "the rows around the view are untouched");
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}

package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** torch.optim.SGD's rules, checked against the update written out in double precision. */
class SgdSemanticsTest {

    private static INDArray vec(double... v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return Nd4j.createFromArray(f);
    }

    /** Runs {@code steps} updates with a gradient that depends on the parameter: g = 2p + 1. */
    private static double[] run(Sgd rule, int steps) {
        INDArray p = vec(1.0, -2.0, 0.5);
        Map<String, INDArray> params = Map.of("p", p);
        Optimizer opt = Optimizer.create(rule, params);
        for (int i = 0; i < steps; i++) {
            INDArray g = p.mul(2).addi(1);
            opt.step(Map.of("p", g));
        }
        return p.toDoubleVector();
    }

    /** The same rule written out plainly (torch 1.13 _single_tensor_sgd), in double precision. */
    private static double[] reference(double lr, double mom, double damp, double wd, boolean nesterov, boolean maximize,
            int steps) {
        double[] p = {1.0, -2.0, 0.5};
        double[] buf = null;
        for (int s = 0; s < steps; s++) {
            double[] d = new double[3];
            for (int i = 0; i < 3; i++) {
                double g = 2 * p[i] + 1;
                d[i] = maximize ? -g : g;
                d[i] += wd * p[i];
            }
            if (mom != 0) {
                if (buf == null) {
                    buf = d.clone();
                } else {
                    for (int i = 0; i < 3; i++) {
                        buf[i] = mom * buf[i] + (1 - damp) * d[i];
                    }
                }
                for (int i = 0; i < 3; i++) {
                    d[i] = nesterov ? d[i] + mom * buf[i] : buf[i];
                }
            }
            for (int i = 0; i < 3; i++) {
                p[i] -= lr * d[i];
            }
        }
        return p;
    }

    private static void assertClose(double[] expected, double[] actual) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5 * Math.max(1, Math.abs(expected[i])), "element " + i);
        }
    }

    @Test
    void everyOptionMatchesTheWrittenOutRule() {
        assertClose(reference(0.1, 0, 0, 0, false, false, 7), run(Sgd.builder().lr(0.1).build(), 7));
        assertClose(reference(0.05, 0.9, 0, 0, false, false, 7), run(Sgd.builder().lr(0.05).momentum(0.9).build(), 7));
        assertClose(reference(0.05, 0.9, 0.3, 0, false, false, 7),
                run(Sgd.builder().lr(0.05).momentum(0.9).dampening(0.3).build(), 7));
        assertClose(reference(0.05, 0.9, 0, 0, true, false, 7),
                run(Sgd.builder().lr(0.05).momentum(0.9).nesterov(true).build(), 7));
        assertClose(reference(0.05, 0.5, 0, 0.1, false, false, 7),
                run(Sgd.builder().lr(0.05).momentum(0.5).weightDecay(0.1).build(), 7));
        assertClose(reference(0.01, 0.9, 0, 0.01, true, true, 5),
                run(Sgd.builder().lr(0.01).momentum(0.9).weightDecay(0.01).nesterov(true).maximize(true).build(), 5));
    }

    @Test
    void momentumZeroIsPlainSgd() {
        double[] plain = run(Sgd.builder().lr(0.07).build(), 9);
        double[] zeroMomentum = run(Sgd.builder().lr(0.07).momentum(0).dampening(0.5).build(), 9);
        for (int i = 0; i < plain.length; i++) {
            assertEquals(plain[i], zeroMomentum[i], 0.0);
        }
    }

    @Test
    void firstMomentumStepIsNotDampened() {
        // after one step the buffer equals the gradient, whatever the dampening
        double[] damped = run(Sgd.builder().lr(0.1).momentum(0.9).dampening(0.9).build(), 1);
        double[] plain = run(Sgd.builder().lr(0.1).build(), 1);
        assertClose(plain, damped);
        // from the second step on, dampening matters
        assertNotEquals(run(Sgd.builder().lr(0.1).momentum(0.9).dampening(0.9).build(), 2)[0],
                run(Sgd.builder().lr(0.1).momentum(0.9).build(), 2)[0]);
    }

    @Test
    void maximizeAscends() {
        INDArray p = vec(1.0);
        Optimizer opt = Optimizer.create(Sgd.builder().lr(0.1).maximize(true).build(), Map.of("p", p));
        opt.step(Map.of("p", vec(2.0)));
        assertEquals(1.2, p.getDouble(0), 1e-6);
    }

    @Test
    void gradientIsNeverWritten() {
        INDArray p = vec(1.0, 2.0);
        INDArray g = vec(0.5, -0.5);
        Optimizer opt = Optimizer.create(Sgd.builder().lr(0.1).momentum(0.9).weightDecay(0.1).nesterov(true).maximize(true)
                .build(), Map.of("p", p));
        opt.step(Map.of("p", g));
        opt.step(Map.of("p", g));
        assertEquals(vec(0.5, -0.5), g);
    }

    @Test
    void parameterGroupsOverrideTheDefaults() {
        INDArray w = vec(1.0);
        INDArray b = vec(1.0);
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("w", w);
        params.put("b", b);
        Optimizer opt = Optimizer.create(Sgd.builder().lr(0.1).build(), params, List.of(new ParamGroup(List.of("b"), Map.of("lr", 0.5))));
        opt.step(Map.of("w", vec(1.0), "b", vec(1.0)));
        assertEquals(0.9, w.getDouble(0), 1e-6);
        assertEquals(0.5, b.getDouble(0), 1e-6);
        assertEquals(2, opt.groupCount());
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> Optimizer.create(Sgd.builder().lr(0.1).build(), params,
                List.of(new ParamGroup(List.of("b"), Map.of()), new ParamGroup(List.of("b"), Map.of()))));
        assertTrue(dup.getMessage().contains("'b'"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> Optimizer.create(Sgd.builder().lr(0.1).build(),
                params, List.of(new ParamGroup(List.of("c"), Map.of()))));
        assertTrue(unknown.getMessage().contains("'c'"));
    }

    @Test
    void exportedStateResumesBitIdentically() {
        Sgd rule = Sgd.builder().lr(0.05).momentum(0.9).nesterov(true).build();
        INDArray straight = vec(1.0, -2.0, 0.5);
        Optimizer a = Optimizer.create(rule, Map.of("p", straight));
        for (int i = 0; i < 6; i++) {
            a.step(Map.of("p", straight.mul(2).addi(1)));
        }
        INDArray resumed = vec(1.0, -2.0, 0.5);
        Optimizer b = Optimizer.create(rule, Map.of("p", resumed));
        for (int i = 0; i < 3; i++) {
            b.step(Map.of("p", resumed.mul(2).addi(1)));
        }
        OptimizerState saved = b.exportState();
        INDArray copy = resumed.dup();
        Optimizer c = Optimizer.create(rule, Map.of("p", copy));
        c.restoreState(saved);
        for (int i = 0; i < 3; i++) {
            c.step(Map.of("p", copy.mul(2).addi(1)));
        }
        assertEquals(straight, copy);
    }

    @Test
    void torchWordingForInvalidHyperParameters() {
        assertEquals("Invalid learning rate: -0.1", first(() -> Sgd.builder().lr(-0.1).build()));
        assertEquals("Invalid learning rate: NaN", first(() -> Sgd.builder().lr(Double.NaN).build()));
        assertEquals("Invalid momentum value: -0.5", first(() -> Sgd.builder().lr(0.1).momentum(-0.5).build()));
        assertEquals("Invalid weight_decay value: -1.0", first(() -> Sgd.builder().lr(0.1).weightDecay(-1).build()));
        assertEquals("Invalid weight_decay value: Infinity",
                first(() -> Sgd.builder().lr(0.1).weightDecay(Double.POSITIVE_INFINITY).build()));
        assertEquals("Invalid momentum value: Infinity",
                first(() -> Sgd.builder().lr(0.1).momentum(Double.POSITIVE_INFINITY).build()));
        assertEquals("Nesterov momentum requires a momentum and zero dampening",
                first(() -> Sgd.builder().lr(0.1).nesterov(true).build()));
        assertEquals("Nesterov momentum requires a momentum and zero dampening",
                first(() -> Sgd.builder().lr(0.1).momentum(0.9).dampening(0.1).nesterov(true).build()));
    }

    /** The message up to the explanation we append in parentheses. */
    private static String first(org.junit.jupiter.api.function.Executable e) {
        String m = assertThrows(IllegalArgumentException.class, e).getMessage();
        int cut = m.indexOf(" (");
        return cut < 0 ? m : m.substring(0, cut);
    }
}

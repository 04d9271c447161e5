package dev.descent.dsl.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Behaviour the golden cases do not reach: extreme inputs, non-default options, kinks. */
class ActivationTest {

    /** [values, gradients of sum(f(x))] at the given points. */
    private static INDArray[] valueAndGrad(Activation f, float... xs) {
        Expr x = Ops.param("x", Nd4j.createFromArray(xs));
        Expr y = f.apply(x);
        try (CompiledModel m = GraphCompiler.compile(ModelGraph.builder().output("y", y).loss(Ops.sum(y)).build())) {
            INDArray value = m.output(Map.of(), List.of("y")).get("y");
            m.computeGradients(Map.of());
            return new INDArray[] {value, m.gradients().get("x").dup()};
        }
    }

    @Test
    void softplusFollowsTorchsThresholdWithoutOverflow() {
        INDArray[] r = valueAndGrad(Activation.softplus(), -100f, -5f, 0f, 19f, 25f, 100f, 1000f);
        double[] expected = {Math.log1p(Math.exp(-100)), Math.log1p(Math.exp(-5)), Math.log(2), Math.log1p(Math.exp(19)),
            25, 100, 1000};
        double[] grads = {sigmoid(-100), sigmoid(-5), 0.5, sigmoid(19), 1, 1, 1};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], r[0].getDouble(i), 1e-6 + 1e-6 * Math.abs(expected[i]), "softplus value " + i);
            assertEquals(grads[i], r[1].getDouble(i), 1e-6, "softplus gradient " + i);
        }
    }

    @Test
    void softplusWithBeta() {
        // torch: F.softplus(x, beta=2, threshold=20): x where 2x > 20, else log1p(exp(2x)) / 2
        INDArray[] r = valueAndGrad(Activation.softplus(2, 20), -1f, 1f, 15f);
        assertEquals(Math.log1p(Math.exp(-2)) / 2, r[0].getDouble(0), 1e-6);
        assertEquals(Math.log1p(Math.exp(2)) / 2, r[0].getDouble(1), 1e-6);
        assertEquals(15, r[0].getDouble(2), 1e-6);
        assertEquals(sigmoid(2), r[1].getDouble(1), 1e-6);
        assertEquals(1, r[1].getDouble(2), 1e-6);
    }

    @Test
    void eluGradientAtZeroIsAlphaAsInTorch() {
        INDArray[] r = valueAndGrad(Activation.elu(0.5), -2f, 0f, 2f);
        assertEquals(0.5 * Math.expm1(-2), r[0].getDouble(0), 1e-7);
        assertEquals(0, r[0].getDouble(1), 0);
        assertEquals(2, r[0].getDouble(2), 0);
        assertEquals(0.5 * Math.exp(-2), r[1].getDouble(0), 1e-7);
        assertEquals(0.5, r[1].getDouble(1), 1e-7);
        assertEquals(1, r[1].getDouble(2), 0);
    }

    @Test
    void leakyReluIsExactOnBothSides() {
        INDArray[] r = valueAndGrad(Activation.leakyRelu(0.3), -0.7f, 0f, 0.123456789f);
        assertEquals(0.3f * -0.7f, r[0].getFloat(0), 0); // torch multiplies in float32 too
        assertEquals(0.123456789f, r[0].getFloat(2), 0);
        assertEquals(0.3, r[1].getDouble(1), 1e-7);
    }

    @Test
    void namesAndValidation() {
        assertEquals("relu", Activation.relu().name());
        assertEquals("leakyRelu(0.2)", Activation.leakyRelu(0.2).name());
        assertEquals("custom", ((Activation) x -> x).name());
        assertThrows(IllegalArgumentException.class, () -> Activation.softplus(0, 20));
        assertThrows(IllegalArgumentException.class, () -> Activation.softplus(1, 5));
        assertThrows(IllegalArgumentException.class, () -> Activation.elu(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Activation.leakyRelu(Double.POSITIVE_INFINITY));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}

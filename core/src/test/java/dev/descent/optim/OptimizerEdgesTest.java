package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Optimizer} and {@link ParamState} at their edges: rates a schedule may and may not set,
 * unknown parameter names, parameters without a gradient, and scratch arrays reused only while
 * they fit.
 */
class OptimizerEdgesTest {

    private static Optimizer sgd(INDArray p) {
        return Optimizer.create(Sgd.builder().lr(0.1).momentum(0.5).build(), Map.of("p", p));
    }

    @Test
    void aScheduleMaySetAnyFiniteRateFromZeroUp() {
        Optimizer opt = sgd(Nd4j.createFromArray(1f));
        opt.setLr(0, 0.0);
        assertEquals(0.0, opt.lr(0));
        for (double bad : new double[] {-1e-9, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.setLr(0, bad));
            assertTrue(e.getMessage().startsWith("Invalid learning rate: " + bad + " (group 0;"), e.getMessage());
        }
        assertEquals(0.0, opt.lr(0), "a refused rate changes nothing");
        assertEquals(0.1, opt.baseLr(0));
        assertEquals(List.of("p"), opt.groupParams(0));
        assertEquals(Map.of("p", opt.params().get("p")), opt.params());
    }

    @Test
    void unknownNamesAreRefusedAndParametersWithoutAGradientAreSkipped() {
        INDArray p = Nd4j.createFromArray(1f);
        INDArray q = Nd4j.createFromArray(2f);
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("p", p);
        params.put("q", q);
        Optimizer opt = Optimizer.create(Sgd.builder().lr(0.5).build(), params);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.state("r"));
        assertEquals("No parameter 'r'; the optimizer holds [p, q]", e.getMessage());
        opt.step(Map.of("p", Nd4j.createFromArray(1f)));
        assertArrayEquals(new float[] {0.5f}, p.toFloatVector());
        assertArrayEquals(new float[] {2f}, q.toFloatVector(), "like torch: no gradient, no update");
        assertEquals(0, opt.state("q").step());
        assertEquals(1, opt.state("p").step());
    }

    @Test
    void groupsNameParametersOfTheModelEachOnceAndTheRestFormALastGroup() {
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("p", Nd4j.createFromArray(1f));
        params.put("q", Nd4j.createFromArray(2f));
        UpdateRule rule = Sgd.builder().lr(0.1).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Optimizer.create(rule, params, List.of(new ParamGroup(List.of("r"), Map.of()))));
        assertEquals("Parameter group names 'r', which is not a parameter of the model; its parameters are [p, q]",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Optimizer.create(rule, params,
                List.of(new ParamGroup(List.of("q"), Map.of()), new ParamGroup(List.of("p", "q"), Map.of("lr", 0.5)))));
        assertEquals("some parameters appear in more than one parameter group: 'q'. Fix: list each parameter in one "
                + "group only.", e.getMessage());
        Optimizer opt = Optimizer.create(rule, params, List.of(new ParamGroup(List.of("q"), Map.of("lr", 0.5))));
        assertEquals(2, opt.groupCount());
        assertEquals(List.of("q"), opt.groupParams(0));
        assertEquals(List.of("p"), opt.groupParams(1), "the parameters named in no group, with the defaults");
        assertEquals(0.5, opt.lr(0));
        assertEquals(0.1, opt.lr(1));
        Optimizer named = Optimizer.create(rule, params, List.of(new ParamGroup(List.of("q", "p"), Map.of())));
        assertEquals(1, named.groupCount(), "every parameter named: no group of defaults");
    }

    @Test
    void restoringStateOfAnotherShapeReplacesTheBufferAndOfTheSameShapeCopiesIntoIt() {
        INDArray p = Nd4j.createFromArray(1f, 2f);
        Optimizer opt = sgd(p);
        opt.step(Map.of("p", Nd4j.createFromArray(1f, 1f)));
        INDArray live = opt.state("p").buffer(Sgd.MOMENTUM_BUFFER);
        OptimizerState saved = opt.exportState();
        opt.step(Map.of("p", Nd4j.createFromArray(3f, 3f)));
        opt.restoreState(saved);
        assertSame(live, opt.state("p").buffer(Sgd.MOMENTUM_BUFFER), "the same shape: copied into the live buffer");
        assertArrayEquals(new float[] {1f, 1f}, live.toFloatVector());
        assertEquals(1, opt.state("p").step());
        ParamState other = new ParamState();
        other.putBuffer(Sgd.MOMENTUM_BUFFER, Nd4j.createFromArray(new float[][] {{4f, 5f}}));
        other.setStep(7);
        opt.restoreState(new OptimizerState(Map.of("p", other), List.of(0.25)));
        INDArray replaced = opt.state("p").buffer(Sgd.MOMENTUM_BUFFER);
        assertNotSame(live, replaced);
        assertArrayEquals(new long[] {1, 2}, replaced.shape());
        assertEquals(7, opt.state("p").step());
        assertEquals(0.25, opt.lr(0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> opt.restoreState(new OptimizerState(Map.of("p", other), List.of(0.25, 0.5))));
        assertTrue(e.getMessage().startsWith("Optimizer state does not match"), e.getMessage());
    }

    @Test
    void scratchArraysAreReusedOnlyWhileTheyFit() {
        ParamState s = new ParamState();
        INDArray a = s.scratch(Nd4j.zeros(DataType.FLOAT, 4));
        assertSame(a, s.scratch(Nd4j.zeros(DataType.FLOAT, 4)));
        INDArray b = s.scratch(Nd4j.zeros(DataType.FLOAT, 5));
        assertEquals(5, b.length());
        INDArray named = s.scratch("d", Nd4j.zeros(DataType.FLOAT, 3));
        assertSame(named, s.scratch("d", Nd4j.zeros(DataType.FLOAT, 3)));
        assertNotSame(named, s.scratch("e", Nd4j.zeros(DataType.FLOAT, 3)));
        INDArray longer = s.scratch("d", Nd4j.zeros(DataType.FLOAT, 6));
        assertEquals(6, longer.length());
        INDArray wide = s.scratch("d", Nd4j.zeros(DataType.DOUBLE, 6));
        assertEquals(DataType.DOUBLE, wide.dataType());
        assertTrue(s.copy().buffers().isEmpty(), "scratch arrays are never exported");
    }
}

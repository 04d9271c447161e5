package dev.descent.dsl.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class InitTest {
    private static final long[] SHAPE = {300, 200};

    private static void assertMoments(INDArray a, double mean, double std) {
        assertEquals(DataType.FLOAT, a.dataType());
        assertArrayEquals(SHAPE, a.shape());
        assertEquals(mean, a.meanNumber().doubleValue(), 0.02 * Math.max(std, 1e-3) + 1e-6, "mean");
        assertEquals(std, a.stdNumber().doubleValue(), 0.02 * std + 1e-6, "std");
    }

    @Test
    void torchDefaultIsUniformWithBoundOneOverSqrtFanIn() {
        INDArray a = Init.torchDefault().create(SHAPE, 300, 200, 1);
        double bound = 1 / Math.sqrt(300);
        assertTrue(a.amaxNumber().doubleValue() <= bound);
        assertTrue(a.amaxNumber().doubleValue() > 0.99 * bound);
        assertMoments(a, 0, bound / Math.sqrt(3));
    }

    @Test
    void xavierAndHeFollowTheirFormulas() {
        double xu = 2 * Math.sqrt(6.0 / 500);
        INDArray a = Init.xavierUniform(2).create(SHAPE, 300, 200, 1);
        assertTrue(a.amaxNumber().doubleValue() <= xu);
        assertMoments(a, 0, xu / Math.sqrt(3));
        assertMoments(Init.xavierNormal(0.5).create(SHAPE, 300, 200, 2), 0, 0.5 * Math.sqrt(2.0 / 500));
        double hu = Math.sqrt(6.0 / 300);
        INDArray h = Init.heUniform().create(SHAPE, 300, 200, 3);
        assertTrue(h.amaxNumber().doubleValue() <= hu);
        assertMoments(h, 0, hu / Math.sqrt(3));
        assertMoments(Init.heNormal().create(SHAPE, 300, 200, 4), 0, Math.sqrt(2.0 / 300));
    }

    @Test
    void uniformNormalConstantZeros() {
        INDArray u = Init.uniform(2, 4).create(SHAPE, 1, 1, 5);
        assertTrue(u.minNumber().doubleValue() >= 2 && u.maxNumber().doubleValue() < 4);
        assertMoments(u, 3, 2 / Math.sqrt(12));
        assertMoments(Init.normal(-1, 0.3).create(SHAPE, 1, 1, 6), -1, 0.3);
        assertEquals(Nd4j.valueArrayOf(new long[] {2, 3}, 0.5f), Init.constant(0.5).create(new long[] {2, 3}, 2, 3, 0));
        assertEquals(0.0, Init.zeros().create(new long[] {4}, 2, 4, 0).amaxNumber().doubleValue());
    }

    @Test
    void seededAndReproducible() {
        Init init = Init.heNormal();
        assertEquals(init.create(new long[] {5, 5}, 5, 5, 9), init.create(new long[] {5, 5}, 5, 5, 9));
        assertNotEquals(init.create(new long[] {5, 5}, 5, 5, 9), init.create(new long[] {5, 5}, 5, 5, 10));
    }

    @Test
    void arrayCopiesValuesAndChecksTheShape() {
        float[][] v = {{1, 2}, {3, 4}};
        assertEquals(Nd4j.createFromArray(v), Init.array(v).create(new long[] {2, 2}, 2, 2, 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Init.array(v).create(new long[] {2, 3}, 2, 3, 0));
        assertTrue(e.getMessage().contains("[2, 2]") && e.getMessage().contains("[2, 3]"), e.getMessage());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> Init.uniform(1, 0));
        assertThrows(IllegalArgumentException.class, () -> Init.normal(0, -1));
        assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform(0));
        assertThrows(IllegalArgumentException.class, () -> Init.constant(Double.NaN));
    }
}

package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.ExecutionPath;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fused path's guards, tested directly (mutation testing found them unpinned: {@code Optimizer}
 * never hands over a mismatched gradient or buffer), and torch's hyper-parameter bounds at their edges.
 */
class FusedGuardsTest {
    @Test
    void theFusedPassTakesOnlyPlainFloatArraysOfOneLength() {
        INDArray p = Nd4j.zeros(DataType.FLOAT, 8);
        INDArray g = Nd4j.ones(DataType.FLOAT, 8);
        assertEquals(ExecutionPath.hostBuffers(), FusedPass.applicable(p, g, null, null, null), "plain arrays");
        assertEquals(ExecutionPath.hostBuffers(), FusedPass.applicable(p, g, p.ulike(), p.ulike(), p.ulike()), "with three buffers");
        assertFalse(FusedPass.applicable(p, Nd4j.ones(DataType.FLOAT, 9), null, null, null), "a gradient of another length");
        assertFalse(FusedPass.applicable(p, Nd4j.ones(DataType.DOUBLE, 8), null, null, null), "a float64 gradient");
        assertFalse(FusedPass.applicable(p, g, Nd4j.zeros(DataType.FLOAT, 7), null, null), "a first buffer of another length");
        assertFalse(FusedPass.applicable(p, g, null, Nd4j.zeros(DataType.FLOAT, 9), null), "a second buffer of another length");
        assertFalse(FusedPass.applicable(p, g, null, null, Nd4j.zeros(DataType.DOUBLE, 8)), "a float64 third buffer");
        INDArray view = Nd4j.zeros(DataType.FLOAT, 16).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(8, 16));
        assertFalse(FusedPass.applicable(view, g, null, null, null), "a view into a larger buffer");
        assertFalse(FusedPass.applicable(p, g, view, null, null), "a view as a buffer");
        assertTrue(FusedPass.plain(p));
        assertFalse(FusedPass.plain(Nd4j.zeros(DataType.FLOAT, 2, 4).transpose()), "a transposed (f-order) array");
    }

    @Test
    void betasLieInTheHalfOpenUnitInterval() {
        assertDoesNotThrow(() -> TorchArgs.beta(0, 0.0), "0 is allowed, as in torch");
        assertDoesNotThrow(() -> TorchArgs.beta(1, Math.nextDown(1.0)));
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> TorchArgs.beta(1, 1.0));
        assertEquals("Invalid beta parameter at index 1: 1.0 (each beta must lie in [0, 1), e.g. betas = (0.9, 0.999))",
                one.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TorchArgs.beta(0, Math.nextDown(0.0)));
        assertThrows(IllegalArgumentException.class, () -> TorchArgs.beta(0, Double.NaN));
    }

    @Test
    void unitIntervalsAreClosed() {
        assertDoesNotThrow(() -> TorchArgs.unitInterval("rho", 0.0, "0.9"));
        assertDoesNotThrow(() -> TorchArgs.unitInterval("rho", 1.0, "0.9"));
        IllegalArgumentException above = assertThrows(IllegalArgumentException.class,
                () -> TorchArgs.unitInterval("rho", Math.nextUp(1.0), "0.9"));
        assertTrue(above.getMessage().startsWith("Invalid rho value: 1.0000000000000002 (rho must lie in [0, 1]"),
                above.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TorchArgs.unitInterval("rho", -0.0 - Double.MIN_VALUE, "0.9"));
        assertThrows(IllegalArgumentException.class, () -> TorchArgs.unitInterval("rho", Double.NaN, "0.9"));
    }
}

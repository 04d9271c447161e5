package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** In steady state an SGD update allocates no native memory: every pass is an in-place BLAS call. */
class SgdAllocationTest {

    @Test
    void steadyStateUpdatesAllocateNoNativeMemory() {
        INDArray p = Nd4j.rand(DataType.FLOAT, 1000);
        INDArray g = Nd4j.rand(DataType.FLOAT, 1000);
        Optimizer opt = Optimizer.create(Sgd.builder().lr(0.01).momentum(0.9).weightDecay(1e-4).nesterov(true).maximize(true)
                .build(), Map.of("p", p));
        for (int i = 0; i < 10; i++) {
            opt.step(Map.of("p", g));
        }
        // let earlier tests' garbage be freed first, so frees during the loop cannot mask allocations
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long before = Pointer.totalBytes();
        for (int i = 0; i < 5_000; i++) {
            opt.step(Map.of("p", g));
        }
        // JavaCPP counts every native buffer not yet freed; with no GC-driven frees in between,
        // any per-step allocation would show up here as growth
        long growth = Pointer.totalBytes() - before;
        assertTrue(growth <= 0, "native bytes allocated by 5,000 updates: " + growth);
    }
}

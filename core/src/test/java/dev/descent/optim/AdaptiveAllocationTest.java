package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * In steady state the fused updates of the adaptive rules allocate no native memory and no arrays:
 * the state buffers exist from {@link UpdateRule#initState} on and the chunk arrays are per thread.
 * What a step still allocates on the heap is a few small objects (buffer views, the chunk kernel).
 */
class AdaptiveAllocationTest {
    private static final List<UpdateRule> RULES = List.of(
            UpdateRules.create("adam", Map.of("amsgrad", true, "weight_decay", 0.01, "maximize", true)),
            UpdateRules.create("adamw", Map.of()),
            UpdateRules.create("rmsprop", Map.of("centered", true, "momentum", 0.9, "weight_decay", 0.01)),
            UpdateRules.create("adagrad", Map.of("lr_decay", 0.01)),
            UpdateRules.create("adadelta", Map.of("weight_decay", 0.01)));

    @Test
    void steadyStateUpdatesAllocateNoNativeMemoryAndNoArrays() {
        // the fast path's property (the portable path's ND4J ops make scalar arrays per op)
        AdaptiveRulesTest.onPath(false, () -> {
            check();
            return null;
        });
    }

    private static void check() {
        // larger than a chunk: the chunk arrays are reused across chunks and steps
        int n = 5 * FusedPass.CHUNK + 7;
        INDArray g = Nd4j.rand(DataType.FLOAT, n).subi(0.5);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        for (UpdateRule rule : RULES) {
            INDArray p = Nd4j.rand(DataType.FLOAT, n);
            Optimizer opt = Optimizer.create(rule, Map.of("p", p));
            Map<String, INDArray> grads = Map.of("p", g);
            for (int i = 0; i < 50; i++) {
                opt.step(grads);
            }
            for (int i = 0; i < 3; i++) {
                System.gc();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            long nativeBefore = Pointer.totalBytes();
            long heapBefore = threads.getThreadAllocatedBytes(self);
            int steps = 2_000;
            for (int i = 0; i < steps; i++) {
                opt.step(grads);
            }
            long heapPerStep = (threads.getThreadAllocatedBytes(self) - heapBefore) / steps;
            long nativeGrowth = Pointer.totalBytes() - nativeBefore;
            assertTrue(nativeGrowth <= 0, rule.name() + ": native bytes allocated by " + steps + " updates: " + nativeGrowth);
            // one parameter-sized float array would be 4 * n = 82 KB; a chunk array 8 KB
            assertTrue(heapPerStep < 2048, rule.name() + ": " + heapPerStep + " heap bytes per update");
        }
    }
}

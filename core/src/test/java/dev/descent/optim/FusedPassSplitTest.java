package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.descent.ExecutionPath;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link FusedPass#run}'s work splitting: a parameter of several million elements is split over the
 * common fork-join pool (up to its parallelism + 1 parts, here up to four where the pool has three
 * threads or more, as the mutation profile sets), and every element is still visited exactly once, each
 * stream at the same offset, in chunks of at most {@link FusedPass#CHUNK}.
 */
class FusedPassSplitTest {

    @Test
    void everyElementOfEveryStreamIsVisitedExactlyOnce() {
        Assumptions.assumeTrue(ExecutionPath.hostBuffers(), "the fused pass runs on host buffers only");
        // 4 parts of 2^19 plus a partial chunk: not a multiple of the chunk or of the part
        int n = 4 * (1 << 19) + FusedPass.CHUNK / 2 + 3;
        INDArray p = Nd4j.zeros(DataType.FLOAT, n);
        INDArray g = Nd4j.zeros(DataType.FLOAT, n);
        INDArray a = Nd4j.zeros(DataType.FLOAT, n);
        INDArray b = Nd4j.zeros(DataType.FLOAT, n);
        INDArray c = Nd4j.zeros(DataType.FLOAT, n);
        float[] index = new float[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        g.assign(Nd4j.createFromArray(index));
        AtomicInteger oversized = new AtomicInteger();
        FusedPass.run(p, g, a, b, c, (pc, gc, ac, bc, cc, len) -> {
            if (len > FusedPass.CHUNK || len < 1) {
                oversized.incrementAndGet();
            }
            for (int i = 0; i < len; i++) {
                pc[i] += 1;
                ac[i] += gc[i]; // the gradient's element at the same offset
                bc[i] += 2;
                cc[i] += 3;
                gc[i] = -1; // the kernel may use the gradient's chunk for temporaries: never copied back
            }
        });
        assertEquals(0, oversized.get(), "chunks of 1 to CHUNK elements");
        float[] pv = p.toFloatVector();
        float[] av = a.toFloatVector();
        float[] bv = b.toFloatVector();
        float[] cv = c.toFloatVector();
        for (int i = 0; i < n; i++) {
            if (pv[i] != 1 || av[i] != index[i] || bv[i] != 2 || cv[i] != 3) {
                throw new AssertionError("element " + i + " of " + n + ": visited " + pv[i] + " times, a = " + av[i]
                        + " (expected " + index[i] + "), b = " + bv[i] + ", c = " + cv[i]);
            }
        }
        assertEquals(Nd4j.createFromArray(index), g, "the gradient is read, never written back");
    }
}

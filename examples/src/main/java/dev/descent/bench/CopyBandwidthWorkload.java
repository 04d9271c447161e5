package dev.descent.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * BW, the memory-bandwidth reference: {@code INDArray.assign} of a 400 MB float array (40 MB quick),
 * median of 7, counting read + write. The harness measures it in the peer process; here for completeness.
 */
final class CopyBandwidthWorkload implements Workload {
    @Override
    public void run(boolean quick, Metrics out) {
        int n = quick ? 10_000_000 : 100_000_000;
        double bytes = 2.0 * 4 * n;
        try (INDArray a = Nd4j.rand(DataType.FLOAT, n); INDArray b = Nd4j.zeros(DataType.FLOAT, n)) {
            double[] t = new double[7];
            for (int i = 0; i < t.length; i++) {
                long t0 = System.nanoTime();
                b.assign(a);
                t[i] = (System.nanoTime() - t0) / 1e9;
            }
            out.emit("copy_GBps", bytes / Proc.median(t) / 1e9, "GB/s (400 MB INDArray.assign, read+write)");
            if (b.getFloat(n - 1) != a.getFloat(n - 1) || b.getFloat(0) != a.getFloat(0)) {
                throw new CheckFailedException("BW: the copy differs from its source");
            }
        }
    }
}

package dev.descent.compile;

import java.nio.FloatBuffer;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/**
 * {@code thresholdedrelu_bp}, the gradient SameDiff emits for ReLU: {@code dx = x > t ? dy : 0}
 * (t = 0 for ReLU; exactly 0 at x = t, as torch's {@code threshold_backward}). Same bits as the
 * native kernel, which spends ~6 ns per element on it.
 */
final class ReluGradKernel implements StepKernel {
    private final FloatBuffer x;
    private final FloatBuffer dy;
    private final FloatBuffer dx;
    private final float threshold;
    private final int n;

    private ReluGradKernel(INDArray x, INDArray dy, INDArray dx, float threshold) {
        this.x = x.data().asNioFloat();
        this.dy = dy.data().asNioFloat();
        this.dx = dx.data().asNioFloat();
        this.threshold = threshold;
        this.n = (int) x.length();
    }

    static @Nullable StepKernel tryBind(DynamicCustomOp op, INDArray[] in, INDArray[] out) {
        double[] t = op.tArgs();
        if (in.length != 2 || out.length != 1 || t.length > 1) {
            return null;
        }
        for (INDArray a : new INDArray[] {in[0], in[1], out[0]}) {
            if (!StepKernels.plain(a) || !StepKernels.small(a) || a.length() != in[0].length()) {
                return null;
            }
        }
        float threshold = t.length == 0 ? 0f : (float) t[0];
        if (threshold != (t.length == 0 ? 0.0 : t[0])) {
            return null; // a threshold float32 cannot hold exactly: leave the comparison to the native op
        }
        return new ReluGradKernel(in[0], in[1], out[0], threshold);
    }

    @Override
    public void run() {
        for (int i = 0; i < n; i++) {
            dx.put(i, x.get(i) > threshold ? dy.get(i) : 0f);
        }
    }

    @Override
    public void rebind(int index, INDArray array) {
        throw new IllegalStateException("ReLU gradient kernel: no input is fed");
    }
}

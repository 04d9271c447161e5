package peers;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * torch.optim.SGD's update rule (weight decay, momentum, Nesterov; dampening at torch's default, 0)
 * written by hand with in-place ND4J ops: the "handloop" peer, what a JVM user writes around
 * {@code sd.calculateGradients} when ND4J's updaters do not match torch (ND4J has no heavy-ball
 * momentum at all).
 *
 * <pre>
 *   d   = g + weightDecay * p
 *   buf = d on the first step, else momentum * buf + d
 *   d   = nesterov ? d + momentum * buf : buf
 *   p  -= lr * d
 * </pre>
 *
 * The gradient passed in is overwritten (used as scratch): calculateGradients returns fresh arrays
 * every call, so that costs nothing there.
 */
final class TorchSgd {
    private final double lr;
    private final double momentum;
    private final double weightDecay;
    private final boolean nesterov;
    private final Map<String, INDArray> momentumBuffers = new HashMap<>();

    TorchSgd(double lr, double momentum, double weightDecay, boolean nesterov) {
        this.lr = lr;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.nesterov = nesterov;
    }

    static TorchSgd plain(double lr) {
        return new TorchSgd(lr, 0, 0, false);
    }

    /** Forgets the momentum buffers, as a freshly made torch optimizer has none. */
    void reset() {
        momentumBuffers.clear();
    }

    /** {@code z = a * x + y}: one native pass (the op ND4J's own L2 regularisation uses). */
    private static void axpy(double a, INDArray x, INDArray y, INDArray z) {
        Nd4j.exec(new Axpy(x, y, z, a));
    }

    /** Updates {@code p} in place from its gradient {@code g}; {@code g} is overwritten. */
    void step(String name, INDArray p, INDArray g) {
        INDArray d = g;
        if (weightDecay != 0) {
            axpy(weightDecay, p, d, d);
        }
        if (momentum != 0) {
            INDArray buf = momentumBuffers.get(name);
            if (buf == null) {
                momentumBuffers.put(name, buf = d.dup());
            } else {
                buf.muli(momentum);
                axpy(1, d, buf, buf);
            }
            if (nesterov) {
                axpy(momentum, buf, d, d);
            } else {
                d = buf;
            }
        }
        axpy(-lr, d, p, p);
    }

    /** One update of every parameter, each with its own gradient from {@code grads}. */
    void step(Map<String, INDArray> params, Map<String, INDArray> grads) {
        params.forEach((name, p) -> {
            INDArray g = grads.get(name);
            if (g == null) {
                throw new IllegalStateException("no gradient for parameter " + name);
            }
            step(name, p, g);
        });
    }
}

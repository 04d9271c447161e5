package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What the adaptive rules' portable paths share: in-place ND4J ops and BLAS level-1 calls only, so
 * they run on any backend (a GPU's included) and on arrays the fused pass cannot address (views,
 * other dtypes). Work arrays come from {@link ParamState#scratch(String, INDArray)}: allocated once,
 * reused every step.
 */
final class PortableOps {
    private PortableOps() {
    }

    /**
     * The state buffer {@code name}, created once filled with {@code fill} (torch: zeros, Adagrad's
     * sum {@code initial_accumulator_value}) if the state does not hold it yet.
     */
    static INDArray buffer(ParamState state, String name, INDArray param, double fill) {
        INDArray b = state.buffer(name);
        if (b == null) {
            b = param.ulike().assign(fill);
            state.putBuffer(name, b);
        }
        return b;
    }

    /** The search direction in a work array: {@code d = (maximize ? -g : g) + wd * p}; the gradient is not written. */
    static INDArray direction(INDArray param, INDArray grad, ParamState state, boolean maximize, double weightDecay) {
        INDArray d = state.scratch("direction", param);
        d.assign(grad);
        if (maximize) {
            d.negi();
        }
        if (weightDecay != 0) {
            axpy(weightDecay, param, d);
        }
        return d;
    }

    /** {@code y = y + alpha * x}, in place. */
    static void axpy(double alpha, INDArray x, INDArray y) {
        Nd4j.getBlasWrapper().level1().axpy(y.length(), alpha, x, y);
    }

    /** {@code y = beta * y + (1 - beta) * x * x} (torch's {@code mul_(beta).addcmul_(x, x, value=1-beta)}); {@code work} is overwritten. */
    static void decaySquare(INDArray y, double beta, INDArray x, INDArray work) {
        y.muli(beta);
        axpy(1 - beta, work.assign(x).muli(x), y);
    }
}

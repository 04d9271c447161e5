package dev.descent.optim;

import org.nd4j.linalg.api.blas.Level1;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Runs one of ND4J's own {@link IUpdater}s as an {@link UpdateRule} kernel.
 *
 * <p>The updater's whole state lives in one flat buffer, {@link Nd4jKernel#STATE}, which ND4J
 * reads and writes through views ({@code instantiate(view, false)}); so the state is explicit,
 * exported with {@link ParamState#copy()} and restored in place like any other buffer. The
 * {@link GradientUpdater} is a cheap wrapper of views and is re-created each step rather than
 * cached, because {@link UpdateRule}s are immutable and shared between parameters.
 *
 * <p>The ND4J config is built with learning rate 1 and the step's learning rate is applied here
 * ({@code p -= lr * update}). Every ND4J kernel adapted here is linear in its learning rate, so
 * this is the same update, and it guarantees that whatever rate {@code apply} receives (a
 * schedule's) drives the step, without mutating a shared config. It also avoids a quirk of ND4J's
 * Adam-family kernels: a step size of exactly 0 is replaced by epsilon, so {@code lr = 0} would
 * still move the parameters.
 */
final class Nd4jKernel {
    /** The buffer name under which ND4J's flat updater state is kept in {@link ParamState}. */
    static final String STATE = "nd4j_state";

    private Nd4jKernel() {
    }

    /**
     * One step: {@code d = (maximize ? -g : g) + coupledWd * p}; {@code p *= 1 - lr * decoupledWd};
     * {@code d = nd4j(d)}; {@code p -= lr * d}.
     *
     * @param initialState value the state buffer starts from (torch starts accumulators at 0; ND4J
     *                     itself starts RMSProp/AdaGrad at epsilon)
     */
    static void step(IUpdater config, double initialState, INDArray param, INDArray grad, ParamState state, double lr,
            double coupledWd, double decoupledWd, boolean maximize) {
        long n = param.length();
        INDArray view = state.buffer(STATE);
        if (view == null) {
            view = Nd4j.valueArrayOf(new long[] {config.stateSize(n)}, initialState, param.dataType());
            state.putBuffer(STATE, view);
        }
        Level1 blas = Nd4j.getBlasWrapper().level1();
        INDArray d = state.scratch(param);
        d.assign(grad);
        if (maximize) {
            d.negi();
        }
        if (coupledWd != 0) {
            blas.axpy(n, coupledWd, param, d);
        }
        if (decoupledWd != 0) {
            param.muli(1 - lr * decoupledWd);
        }
        // ND4J's updaters reshape the gradient to their flat state shape and write the update into
        // it; a flat view in d's own ordering makes sure that write lands in d, never in a copy.
        INDArray flat = d.reshape(d.ordering(), new long[] {n});
        GradientUpdater<?> updater = config.instantiate(view, false);
        updater.applyUpdater(flat, (int) Math.min(state.step(), Integer.MAX_VALUE), 0);
        blas.axpy(n, -lr, d, param);
        state.setStep(state.step() + 1);
    }
}

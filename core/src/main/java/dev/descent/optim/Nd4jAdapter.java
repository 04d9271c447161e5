package dev.descent.optim;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What every ND4J adapter shares: its whole state is the flat buffer {@link Nd4jKernel} creates on
 * the first step, so a fresh state is empty.
 */
interface Nd4jAdapter extends UpdateRule {
    @Override
    default ParamState initState(INDArray param) {
        return new ParamState();
    }
}

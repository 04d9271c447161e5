package peers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.floating.Sqrt;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * torch.optim.Adam's update rule (torch 1.13, single-tensor path, no weight decay, no amsgrad) for one
 * parameter, with in-place ND4J ops. ND4J's own Adam differs in where epsilon goes (it adds epsilon to
 * the uncorrected square root), so the "handloop" peer of W4A writes torch's form out:
 *
 * <pre>
 *   m = beta1 m + (1 - beta1) g;   v = beta2 v + (1 - beta2) g^2
 *   p -= lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * Unlike {@link TorchSgd} it leaves the gradient untouched (one scratch array of the parameter's size).
 */
final class TorchAdam {
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final INDArray m;
    private final INDArray v;
    private final INDArray scratch;
    private int t;

    TorchAdam(INDArray param, double lr, double beta1, double beta2, double eps) {
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.m = Nd4j.zerosLike(param);
        this.v = Nd4j.zerosLike(param);
        this.scratch = Nd4j.zerosLike(param);
    }

    void step(INDArray p, INDArray g) {
        t++;
        m.muli(beta1);
        Nd4j.exec(new Axpy(g, m, m, 1 - beta1));
        g.mul(g, scratch);
        v.muli(beta2);
        Nd4j.exec(new Axpy(scratch, v, v, 1 - beta2));
        Nd4j.exec(new Sqrt(v, scratch));
        scratch.divi(Math.sqrt(1 - Math.pow(beta2, t))).addi(eps);
        scratch.rdivi(m);                                   // scratch = m / denominator
        Nd4j.exec(new Axpy(scratch, p, p, -lr / (1 - Math.pow(beta1, t))));
    }
}

package dev.descent.dsl.loss;

import dev.descent.graph.Expr;
import java.util.Objects;

/**
 * A loss: {@code apply(prediction, target)} gives the loss expression (a scalar for
 * {@link Reduction#MEAN} and {@link Reduction#SUM}). Every factory matches the torch function of
 * the same name (value and gradient, float32), with torch's defaults where an argument is left out.
 * Shapes are checked when {@code apply} runs: a mismatch fails naming both shapes.
 *
 * <pre>{@code
 * Expr loss = Loss.mse().apply(pred, Ops.input("y", Shape.ANY, 1));
 * Expr ce   = Loss.crossEntropy(0.1, Reduction.MEAN).apply(logits, Ops.indexInput("labels", Shape.ANY));
 * }</pre>
 */
@FunctionalInterface
public interface Loss {

    /** The loss of {@code prediction} against {@code target}. */
    Expr apply(Expr prediction, Expr target);

    /**
     * Whether the target is a vector of class indices (cross-entropy, NLL) rather than an array of
     * the prediction's shape; {@code Model} declares its target input accordingly.
     */
    default boolean takesClassIndices() {
        return false;
    }

    /** Marks a loss as taking class-index targets. */
    static Loss classIndexLoss(Loss loss) {
        return new Loss() {
            @Override
            public Expr apply(Expr prediction, Expr target) {
                return loss.apply(prediction, target);
            }

            @Override
            public boolean takesClassIndices() {
                return true;
            }
        };
    }

    /** {@code MSELoss}: {@code (pred - target)^2}, mean over every element. */
    static Loss mse() {
        return mse(Reduction.MEAN);
    }

    /** {@code MSELoss(reduction)}. */
    static Loss mse(Reduction reduction) {
        return Losses.elementwise("mse", reduction, d -> d.square());
    }

    /** {@code L1Loss}: {@code |pred - target|}, mean. Its gradient at 0 is 0, as torch's. */
    static Loss l1() {
        return l1(Reduction.MEAN);
    }

    static Loss l1(Reduction reduction) {
        return Losses.elementwise("l1", reduction, dev.descent.graph.Ops::abs);
    }

    /** {@code HuberLoss(delta=1.0)}, mean. */
    static Loss huber() {
        return huber(1.0, Reduction.MEAN);
    }

    /**
     * {@code HuberLoss(delta)}: {@code 0.5 d^2} where {@code |d| <= delta}, else
     * {@code delta (|d| - 0.5 delta)}.
     *
     * @throws IllegalArgumentException unless {@code delta > 0}
     */
    static Loss huber(double delta, Reduction reduction) {
        Losses.requirePositive("huber", "delta", delta);
        return Losses.elementwise("huber(" + delta + ")", reduction, d -> Losses.huber(d, delta));
    }

    /** {@code SmoothL1Loss(beta=1.0)}, mean. */
    static Loss smoothL1() {
        return smoothL1(1.0, Reduction.MEAN);
    }

    /**
     * {@code SmoothL1Loss(beta)}: {@code 0.5 d^2 / beta} where {@code |d| < beta}, else
     * {@code |d| - 0.5 beta}; {@code beta = 0} is the L1 loss.
     *
     * @throws IllegalArgumentException unless {@code beta >= 0}
     */
    static Loss smoothL1(double beta, Reduction reduction) {
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("smoothL1(beta): beta = " + beta + "; it must be finite and >= 0 (torch's default"
                    + " is 1.0; 0 gives the L1 loss)");
        }
        if (beta == 0) {
            return Losses.elementwise("smoothL1(0)", reduction, dev.descent.graph.Ops::abs);
        }
        return Losses.elementwise("smoothL1(" + beta + ")", reduction, d -> Losses.huber(d, beta).div(beta));
    }

    /** {@code CrossEntropyLoss}: logits [batch, classes] against class indices [batch] (or class probabilities), mean. */
    static Loss crossEntropy() {
        return crossEntropy(0.0, Reduction.MEAN);
    }

    static Loss crossEntropy(Reduction reduction) {
        return crossEntropy(0.0, reduction);
    }

    /**
     * {@code CrossEntropyLoss(label_smoothing)} from logits. The target is either class indices of
     * shape [batch] (declare it with {@code Ops.indexInput}) or class probabilities of the logits'
     * shape. With smoothing {@code e}, the target becomes {@code (1 - e) target + e / classes}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= labelSmoothing <= 1}
     */
    static Loss crossEntropy(double labelSmoothing, Reduction reduction) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("crossEntropy(labelSmoothing): labelSmoothing = " + labelSmoothing
                    + "; it must be in [0, 1] (0 = none, 0.1 is common)");
        }
        Objects.requireNonNull(reduction, "reduction");
        return classIndexLoss((logits, target) -> Losses.crossEntropy(logits, target, labelSmoothing, reduction, true));
    }

    /** {@code NLLLoss}: log-probabilities [batch, classes] (e.g. from log-softmax) against class indices [batch], mean. */
    static Loss nll() {
        return nll(Reduction.MEAN);
    }

    static Loss nll(Reduction reduction) {
        Objects.requireNonNull(reduction, "reduction");
        return classIndexLoss((logProbs, target) -> Losses.crossEntropy(logProbs, target, 0.0, reduction, false));
    }

    /** {@code BCEWithLogitsLoss}: logits against targets in [0, 1] of the same shape, mean. */
    static Loss bceWithLogits() {
        return bceWithLogits(Reduction.MEAN);
    }

    /** {@code BCEWithLogitsLoss}: {@code softplus(x) - x * y}, computed without overflow. */
    static Loss bceWithLogits(Reduction reduction) {
        return Losses.pairwise("bceWithLogits", reduction, Losses::bceWithLogits);
    }

    /** {@code BCELoss}: probabilities in (0, 1) against targets of the same shape, mean. */
    static Loss bce() {
        return bce(Reduction.MEAN);
    }

    /** {@code BCELoss}: {@code -(y log p + (1 - y) log(1 - p))}, each log clamped to >= -100 as torch does. */
    static Loss bce(Reduction reduction) {
        return Losses.pairwise("bce", reduction, Losses::bce);
    }
}

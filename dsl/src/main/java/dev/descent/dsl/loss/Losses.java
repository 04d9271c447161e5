package dev.descent.dsl.loss;

import dev.descent.graph.Expr;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.graph.ShapeException;
import java.util.Objects;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;

/** The compositions behind {@link Loss}'s factories. */
final class Losses {
    private Losses() {
    }

    static void requirePositive(String loss, String what, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(loss + "(" + what + "): " + what + " = " + v
                    + "; it must be finite and > 0 (torch's default is 1.0)");
        }
    }

    /** A loss of {@code f(prediction - target)} per element, then reduced. */
    static Loss elementwise(String name, Reduction reduction, UnaryOperator<Expr> ofDifference) {
        return pairwise(name, reduction, (p, t) -> ofDifference.apply(p.minus(t)));
    }

    /** A loss of {@code f(prediction, target)} per element (same shapes), then reduced. */
    static Loss pairwise(String name, Reduction reduction, BinaryOperator<Expr> f) {
        Objects.requireNonNull(reduction, "reduction");
        return (prediction, target) -> {
            requireSameShape(name, prediction, target);
            return reduce(f.apply(prediction, target), reduction);
        };
    }

    static Expr reduce(Expr perElement, Reduction reduction) {
        return switch (reduction) {
            case MEAN -> Ops.mean(perElement);
            case SUM -> Ops.sum(perElement);
            case NONE -> perElement;
        };
    }

    /**
     * Same rank and equal dimensions, a batch dimension matching anything. torch broadcasts
     * mismatched shapes with only a warning; the classic [batch, 1] against [batch] then silently
     * gives a [batch, batch] loss, so here it is an error.
     */
    private static void requireSameShape(String name, Expr prediction, Expr target) {
        Shape p = prediction.shape();
        Shape t = target.shape();
        boolean ok = p.rank() == t.rank();
        for (int i = 0; ok && i < p.rank(); i++) {
            ok = p.dim(i) == t.dim(i) || p.dim(i) == Shape.ANY || t.dim(i) == Shape.ANY;
        }
        if (!ok) {
            throw new ShapeException("Loss " + name + ": the prediction " + prediction.name() + " has shape " + p
                    + " but the target " + target.name() + " has shape " + t + "; they must have the same shape."
                    + " Fix: declare the target with shape " + p + " (or reshape the prediction).");
        }
    }

    /**
     * {@code 0.5 c^2 + delta (|d| - c)} with {@code c = min(|d|, delta)}: equals 0.5 d^2 inside
     * the band and {@code delta (|d| - 0.5 delta)} outside, with gradient d resp. delta sign(d),
     * without a select op.
     */
    static Expr huber(Expr d, double delta) {
        Expr a = Ops.abs(d);
        Expr c = Ops.minimum(a, Ops.constant(delta));
        return c.square().times(0.5).plus(a.minus(c).times(delta));
    }

    /**
     * {@code log(1 + exp(x)) - x y} as {@code relu(x) + log1p(exp(-|x|)) - x y}, the form torch
     * uses ({@code (1 - y) x + max(-x, 0) + log(exp(-max) + exp(-x - max))}) rearranged: it
     * never exponentiates a positive number, and its gradient is {@code sigmoid(x) - y}.
     */
    static Expr bceWithLogits(Expr x, Expr y) {
        Expr softplus = Ops.relu(x).plus(Ops.log1p(Ops.exp(Ops.neg(Ops.abs(x)))));
        return softplus.minus(x.times(y));
    }

    /** torch's BCELoss: {@code (y - 1) max(log1p(-p), -100) - y max(log p, -100)}. */
    static Expr bce(Expr p, Expr y) {
        Expr logP = Ops.maximum(Ops.log(p), Ops.constant(-100));
        Expr log1mP = Ops.maximum(Ops.log1p(Ops.neg(p)), Ops.constant(-100));
        return y.minus(1.0).times(log1mP).minus(y.times(logP));
    }

    /**
     * Cross entropy (from logits, {@code fromLogits}) or NLL (from log-probabilities) against class
     * indices [batch] or class probabilities [batch, classes], reduced over the batch.
     */
    static Expr crossEntropy(Expr scores, Expr target, double smoothing, Reduction reduction, boolean fromLogits) {
        String name = fromLogits ? "crossEntropy" : "nll";
        Shape s = scores.shape();
        if (s.rank() != 2) {
            throw new ShapeException("Loss " + name + ": the " + (fromLogits ? "logits " : "log-probabilities ") + scores.name()
                    + " must have shape [batch, classes], but have shape " + s + ". Fix: flatten them to [batch, classes].");
        }
        long classes = s.dim(1);
        Expr logProbs = fromLogits ? Ops.logSoftmax(scores, 1) : scores;
        Expr weights;
        Shape t = target.shape();
        if (t.rank() == 1) {
            if (t.dim(0) != s.dim(0) && t.dim(0) != Shape.ANY && s.dim(0) != Shape.ANY) {
                throw new ShapeException("Loss " + name + ": " + s.dim(0) + " rows of scores but " + t.dim(0)
                        + " class labels in " + target.name() + ". Fix: give one label per row.");
            }
            if (!Ops.INT_INDICES.equals(target.attrs().get(Ops.DTYPE))) {
                throw new ShapeException("Loss " + name + ": the target " + target.name() + t + " must hold class indices."
                        + " Fix: declare it with Ops.indexInput(\"" + target.name() + "\", Shape.ANY).");
            }
            weights = Ops.oneHot(target, Math.toIntExact(classes));
        } else if (fromLogits && t.rank() == 2 && t.dim(1) == classes) {
            weights = target;
        } else {
            throw new ShapeException("Loss " + name + ": the target " + target.name() + " has shape " + t + "; with scores "
                    + s + " it must be class indices of shape [batch]" + (fromLogits ? " or class probabilities of shape "
                    + s : "") + ". Fix: declare the labels with Ops.indexInput(name, Shape.ANY).");
        }
        if (smoothing > 0) {
            weights = weights.times(1.0 - smoothing).plus(smoothing / classes);
        }
        Expr perSample = Ops.neg(Ops.sum(logProbs.times(weights), false, 1));
        return reduce(perSample, reduction);
    }
}

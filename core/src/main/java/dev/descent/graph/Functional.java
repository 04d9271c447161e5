package dev.descent.graph;

import org.jspecify.annotations.Nullable;

/**
 * torch's normalisation and embedding layers composed from the IR's operations (so every gradient
 * is one the finite-difference test checks), with torch's formulas. Parameters and buffers are
 * created by the caller (the DSL's layers, the parity replay) in torch's layouts.
 *
 * <pre>{@code
 * Expr y = Functional.batchNorm(x, gamma, beta, runningMean, runningVar, 1e-5, 0.1);   // x [batch, C, H, W]
 * }</pre>
 */
public final class Functional {
    private Functional() {
    }

    /**
     * torch's {@code batch_norm} over channel axis 1 of [batch, C], [batch, C, L] or [batch, C, H, W]:
     * {@code (x - mean) / sqrt(var + eps) * weight + bias}. In training steps mean and var are the
     * batch's (the biased variance over every axis but 1) and the running buffers move by
     * {@code momentum} towards them (the running variance unbiased, as torch's); when evaluating the
     * running buffers are used. {@code weight} and {@code bias} ([C]) may be null (torch's
     * {@code affine=False}); the running buffers are [C].
     */
    public static Expr batchNorm(Expr x, @Nullable Expr weight, @Nullable Expr bias, Expr runningMean, Expr runningVar,
            double eps, double momentum) {
        Shape s = x.shape();
        String what = "batchNorm(" + x.name() + ")";
        if (s.rank() < 2 || s.rank() > 4) {
            throw new ShapeException(what + " needs [batch, C], [batch, C, L] or [batch, C, H, W] input, but " + x.name()
                    + " has shape " + s + ". Fix: batchNorm1d takes [batch, C] or [batch, C, L], batchNorm2d [batch, C, H, W].");
        }
        requireEps(what, eps);
        long c = s.dim(1);
        long[] channelShape = new long[s.rank()];
        java.util.Arrays.fill(channelShape, 1);
        channelShape[1] = c;
        for (Expr p : new Expr[] {weight, bias, runningMean, runningVar}) {
            if (p != null && (p.shape().rank() != 1 || p.shape().dim(0) != c)) {
                throw new ShapeException(what + ": the input has " + c + " channels (shape " + s + ") but " + p.name()
                        + " has shape " + p.shape() + ". Fix: set num_features to " + c + ".");
            }
        }
        // statistics of [batch, C] are taken over [batch, C, 1]: SameDiff 1.0.0-M2.1 treats a mean over
        // axis 0 of a [1, C] row vector as a no-op and fails in it (evaluating one sample)
        Expr xs = s.rank() == 2 ? Ops.reshape(x, s.dim(0), c, 1) : x;
        int[] axes = new int[xs.shape().rank() - 1];
        axes[0] = 0;
        for (int i = 2; i < xs.shape().rank(); i++) {
            axes[i - 1] = i;
        }
        Expr batchMean = Ops.mean(xs, true, axes);
        Expr batchVar = Ops.mean(Ops.square(xs.minus(batchMean)), true, axes);
        if (xs != x) {
            batchMean = Ops.reshape(batchMean, channelShape);
            batchVar = Ops.reshape(batchVar, channelShape);
        }
        Expr mean = Ops.runningStat(batchMean, runningMean, x, momentum, false);
        Expr var = Ops.runningStat(batchVar, runningVar, x, momentum, true);
        Expr y = x.minus(mean).div(Ops.sqrt(var.plus(eps)));
        if (weight != null) {
            y = y.times(Ops.reshape(weight, channelShape));
        }
        if (bias != null) {
            y = y.plus(Ops.reshape(bias, channelShape));
        }
        return y;
    }

    /**
     * torch's {@code layer_norm} over the last {@code normalizedRank} axes:
     * {@code (x - mean) / sqrt(var + eps) * weight + bias}, mean and biased variance per sample over
     * those axes; {@code weight} and {@code bias} have the normalised shape, or are null
     * ({@code elementwise_affine=False}).
     */
    public static Expr layerNorm(Expr x, int normalizedRank, @Nullable Expr weight, @Nullable Expr bias, double eps) {
        Shape s = x.shape();
        String what = "layerNorm(" + x.name() + ")";
        if (normalizedRank < 1 || normalizedRank >= s.rank()) {
            throw new ShapeException(what + ": normalizes the last " + normalizedRank + " axes of " + s
                    + "; it must be between 1 and rank - 1 = " + (s.rank() - 1) + " (the batch axis is never normalised).");
        }
        requireEps(what, eps);
        long[] normalized = java.util.Arrays.copyOfRange(s.dims(), s.rank() - normalizedRank, s.rank());
        for (Expr p : new Expr[] {weight, bias}) {
            if (p != null && !p.shape().equals(Shape.of(normalized))) {
                throw new ShapeException(what + ": " + p.name() + " has shape " + p.shape() + " but the normalised shape is "
                        + Shape.of(normalized) + ". Fix: normalized_shape must be the input's trailing dimensions.");
            }
        }
        int[] axes = new int[normalizedRank];
        for (int i = 0; i < normalizedRank; i++) {
            axes[i] = s.rank() - normalizedRank + i;
        }
        Expr centered = x.minus(Ops.mean(x, true, axes));
        Expr y = centered.div(Ops.sqrt(Ops.mean(Ops.square(centered), true, axes).plus(eps)));
        if (weight != null) {
            y = y.times(weight);
        }
        if (bias != null) {
            y = y.plus(bias);
        }
        return y;
    }

    /**
     * torch's {@code embedding}: row {@code i} of {@code weight} ([num_embeddings, dim]) for every
     * index {@code i} of {@code indices} (an index input, any shape [batch, ...]), giving
     * [batch, ..., dim]. Computed as one-hot(indices) @ weight, so the weight's gradient is the sum
     * of the upstream rows of each index (torch's, without {@code padding_idx} or {@code max_norm}).
     */
    public static Expr embedding(Expr indices, Expr weight) {
        String what = "embedding(" + indices.name() + ", " + weight.name() + ")";
        if (weight.shape().rank() != 2) {
            throw new ShapeException(what + ": the weight has shape " + weight.shape()
                    + " but needs [num_embeddings, embedding_dim]. Fix: create it with that shape.");
        }
        if (!Ops.INT_INDICES.equals(indices.attrs().get(Ops.DTYPE))) {
            throw new ShapeException(what + ": " + indices.name() + " is not an index input. Fix: declare it with"
                    + " Ops.indexInput(name, Shape.ANY, ...) (Sequential: input(...) before embedding(...) declares one).");
        }
        long[] d = indices.shape().dims();
        long vocab = weight.shape().dim(0);
        long dim = weight.shape().dim(1);
        Expr flat = d.length == 1 ? indices
                : Ops.reshape(indices, indices.shape().isFixed() ? indices.shape().size() : Shape.ANY);
        Expr rows = Ops.oneHot(flat, Math.toIntExact(vocab)).matmul(weight);
        if (d.length == 1) {
            return rows;
        }
        long[] out = java.util.Arrays.copyOf(d, d.length + 1);
        out[d.length] = dim;
        return Ops.reshape(rows, out);
    }

    /** GELU, exact form: {@code 0.5 x (1 + erf(x / sqrt 2))} (torch's {@code approximate='none'}). */
    public static Expr gelu(Expr x) {
        return x.times(Ops.erf(x.times(Math.sqrt(0.5))).plus(1.0)).times(0.5);
    }

    private static void requireEps(String what, double eps) {
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new ShapeException(what + ": eps = " + eps + "; it must be a finite number > 0 (torch's default is 1e-5)");
        }
    }
}

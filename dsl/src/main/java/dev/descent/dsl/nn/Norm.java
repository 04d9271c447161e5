package dev.descent.dsl.nn;

import dev.descent.graph.Expr;
import dev.descent.graph.Functional;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.graph.ShapeException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batch norm (torch's {@code nn.BatchNorm1d}, {@code nn.BatchNorm2d}: batch statistics in training
 * steps, running statistics, buffers {@code running_mean} and {@code running_var}, when evaluating)
 * and layer norm ({@code nn.LayerNorm}); weight starts at ones, bias at zeros, as in torch.
 */
record Norm(Kind kind, NormSpec spec) implements LayerSpec {
    enum Kind { BATCH_1D, BATCH_2D, LAYER }

    @Override
    public Bound bind(Shape in, Context ctx) {
        String what = switch (kind) {
            case BATCH_1D -> "batchNorm1d";
            case BATCH_2D -> "batchNorm2d";
            case LAYER -> "layerNorm";
        };
        long[] featureShape;
        if (kind == Kind.LAYER) {
            long[] dims = in.dims();
            featureShape = spec.normalizedShape != null ? spec.normalizedShape : new long[] {dims[dims.length - 1]};
            long[] trailing = Arrays.copyOfRange(dims, Math.max(1, dims.length - featureShape.length), dims.length);
            if (!Arrays.equals(trailing, featureShape)) {
                throw new ShapeException(ctx.describe(what) + " normalises the trailing shape " + Arrays.toString(featureShape)
                        + " but receives " + in + " from " + ctx.previous() + ". Fix: normalizedShape must be the input's last"
                        + " dimensions, e.g. normalizedShape(" + dims[dims.length - 1] + ").");
            }
        } else {
            boolean ok = kind == Kind.BATCH_2D ? in.rank() == 4 : in.rank() == 2 || in.rank() == 3;
            if (!ok) {
                throw new ShapeException(ctx.describe(what) + " expects " + (kind == Kind.BATCH_2D
                        ? "[batch, channels, height, width]" : "[batch, features] or [batch, channels, length]")
                        + " but receives " + in + " from " + ctx.previous() + ". Fix: "
                        + (kind == Kind.BATCH_2D ? "use batchNorm1d for " : "use batchNorm2d for ") + in.rank() + "-d input.");
            }
            featureShape = new long[] {in.dim(1)};
        }
        Map<String, Expr> params = new LinkedHashMap<>();
        Expr weight = null;
        Expr bias = null;
        if (spec.affine) {
            long n = java.util.Arrays.stream(featureShape).reduce(1, (p, q) -> p * q);
            weight = Ops.param(ctx.qualified("weight"), ctx.initial(spec.weightInitOr(Init.constant(1.0)), ctx.qualified("weight"), featureShape, n, n));
            bias = Ops.param(ctx.qualified("bias"), ctx.initial(spec.biasInitOr(Init.zeros()), ctx.qualified("bias"), featureShape, n, n));
            params.put(weight.name(), weight);
            params.put(bias.name(), bias);
        }
        Expr w = weight;
        Expr b = bias;
        UnaryOperator<Expr> f;
        String description;
        List<String> buffers = List.of();
        if (kind == Kind.LAYER) {
            int rank = featureShape.length;
            f = x -> Functional.layerNorm(x, rank, w, b, spec.eps);
            description = what + " " + Arrays.toString(featureShape) + (spec.affine ? "" : ", no affine");
        } else {
            Expr mean = Ops.buffer(ctx.qualified("running_mean"), Nd4j.zeros(DataType.FLOAT, featureShape));
            Expr var = Ops.buffer(ctx.qualified("running_var"), Nd4j.ones(DataType.FLOAT, featureShape));
            f = x -> Functional.batchNorm(x, w, b, mean, var, spec.eps, spec.momentum);
            buffers = List.of(mean.name(), var.name());
            description = what + " " + featureShape[0] + (spec.affine ? "" : ", no affine");
        }
        ctx.checked(what, in, () -> f.apply(Ops.input("probe", in.dims())));
        return new BoundNorm(ctx.name(), description, in, f, params, buffers);
    }

    private record BoundNorm(String name, String description, Shape outputShape, UnaryOperator<Expr> f,
            Map<String, Expr> parameters, List<String> bufferNames) implements Bound {
        @Override
        public Expr forward(Expr x) {
            return f.apply(x);
        }

        @Override
        public List<AuxiliaryInput> auxiliaryInputs() {
            return List.of();
        }
    }
}

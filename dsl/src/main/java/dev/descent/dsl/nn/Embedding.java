package dev.descent.dsl.nn;

import dev.descent.graph.Expr;
import dev.descent.graph.Functional;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.graph.ShapeException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * torch's {@code nn.Embedding(num_embeddings, embedding_dim)}: the model's first layer, over integer
 * token indices [batch, ...] (the model input is then an index input); weight
 * [num_embeddings, embedding_dim] starting N(0, 1) as in torch (or {@code init}).
 */
final class Embedding implements LayerSpec {
    private final long count;
    private final long dim;
    private final @Nullable Init init;

    Embedding(long count, long dim, @Nullable Init init) {
        this.count = ConvSpec.atLeast("numEmbeddings", count, 1);
        this.dim = ConvSpec.atLeast("embeddingDim", dim, 1);
        this.init = init;
    }

    @Override
    public Bound bind(Shape in, Context ctx) {
        String what = "embedding " + count + " x " + dim;
        if (ctx.index() != 0) {
            throw new ShapeException(ctx.describe(what) + " must be the model's first layer: it reads integer token indices."
                    + " Fix: move embedding(...) right after input(...).");
        }
        Init w0 = init != null ? init : Init.normal(0, 1);
        Expr w = Ops.param(ctx.qualified("weight"), ctx.initial(w0, ctx.qualified("weight"), new long[] {count, dim}, count, dim));
        long[] out = java.util.Arrays.copyOf(in.dims(), in.rank() + 1);
        out[in.rank()] = dim;
        return new BoundEmbedding(ctx.name(), what, Shape.of(out), w);
    }

    private record BoundEmbedding(String name, String description, Shape outputShape, Expr weight) implements Bound {
        @Override
        public Expr forward(Expr x) {
            return Functional.embedding(x, weight);
        }

        @Override
        public Map<String, Expr> parameters() {
            return Map.of(weight.name(), weight);
        }

        @Override
        public List<AuxiliaryInput> auxiliaryInputs() {
            return List.of();
        }
    }
}

package dev.descent.compile;

import dev.descent.graph.ModelGraph;

/**
 * Compiles a model declaration once into an executable graph.
 *
 * <pre>{@code
 * CompiledModel model = GraphCompiler.compile(ModelGraph.builder().output("pred", pred).loss(loss).build());
 * }</pre>
 */
public final class GraphCompiler {
    private GraphCompiler() {
    }

    /** Builds the SameDiff graph with its gradient function; the result is reused every step. */
    public static CompiledModel compile(ModelGraph graph) {
        return SameDiffModel.build(graph);
    }
}

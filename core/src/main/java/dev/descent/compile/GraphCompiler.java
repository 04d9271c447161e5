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

    /**
     * Loads the native backend and SameDiff's op registry (which scans every op class) now, so
     * that the first {@link #compile} does not pay for it. Command-line tools call it on a
     * background thread at start-up, overlapping it with their own start.
     */
    public static void warmUp() {
        org.nd4j.linalg.factory.Nd4j.getBackend();
        org.nd4j.imports.converters.DifferentialFunctionClassHolder.getInstance();
    }

    /** Builds the SameDiff graph with its gradient function; the result is reused every step. */
    public static CompiledModel compile(ModelGraph graph) {
        return SameDiffModel.build(graph);
    }
}

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
     * Loads the native backend now (its libraries and their initialisation, about 0.2 s), so that
     * the first array does not wait for it. Command-line tools call it on a background thread at
     * start-up, overlapping it with their own start.
     */
    public static void warmUpBackend() {
        org.nd4j.linalg.factory.Nd4j.getBackend();
    }

    /**
     * {@link #warmUpBackend}, then SameDiff's op registry (which scans every op class), so that the
     * first {@link #compile} does not pay for it either. Only a graph with one of libnd4j's custom
     * ops (a convolution, a pooling, a scalar weight's product...) needs the registry: SameDiff looks
     * such ops up by their hash when it builds the gradient function. A dense network does not;
     * then the registry's half second of CPU is wasted, which on a two-core machine the caller's own
     * work pays for.
     *
     * <p>About a third of the registry's time is parsing TensorFlow's and ONNX's op descriptor
     * files, which needs neither the backend nor the op classes: a second thread parses them (the
     * TensorFlow result is cached, and the registry waits for it rather than parsing it again;
     * the ONNX pass loads and compiles the JSON reader the registry's own pass then reuses), while
     * this one loads the backend and instantiates the op classes.
     */
    public static void warmUp() {
        Thread descriptors = new Thread(GraphCompiler::parseOpDescriptors, "descent-warm-up-descriptors");
        descriptors.setDaemon(true);
        descriptors.start();
        warmUpBackend();
        org.nd4j.imports.converters.DifferentialFunctionClassHolder.getInstance();
    }

    private static void parseOpDescriptors() {
        try {
            org.nd4j.imports.descriptors.tensorflow.TensorflowDescriptorParser.opDescs();
            org.nd4j.imports.descriptors.onnx.OnnxDescriptorParser.onnxOpDescriptors();
        } catch (Exception e) {
            // only a head start: the registry parses them itself (and reports any failure) when it needs them
            org.slf4j.LoggerFactory.getLogger(GraphCompiler.class).debug("op descriptors not pre-parsed", e);
        }
    }

    /** Builds the SameDiff graph with its gradient function; the result is reused every step. */
    public static CompiledModel compile(ModelGraph graph) {
        return SameDiffModel.build(graph);
    }
}

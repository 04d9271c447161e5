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
     * first {@link #compile} does not pay for it either. A graph with one of libnd4j's custom ops
     * needs the registry: SameDiff clones every op when it builds the gradient function and looks
     * custom ones up there by their hash. Nearly every model has one (a matrix product, a softmax,
     * a one-hot target, a convolution); an element-wise one such as {@code w * x + b} does not.
     *
     * <p>Besides instantiating the op classes, the registry reads TensorFlow's and ONNX's op
     * descriptors. Neither needs the backend or the op classes, so a second thread reads them
     * meanwhile: TensorFlow's from Descent's binary copy ({@link TensorflowOpDefs}, cached where the
     * registry finds it), ONNX's JSON once, which loads and compiles the JSON reader the registry's
     * own pass then reuses.
     */
    public static void warmUp() {
        Thread descriptors = new Thread(GraphCompiler::readOpDescriptors, "descent-warm-up-descriptors");
        descriptors.setDaemon(true);
        descriptors.start();
        warmUpBackend();
        org.nd4j.imports.converters.DifferentialFunctionClassHolder.getInstance();
    }

    private static void readOpDescriptors() {
        TensorflowOpDefs.preload();
        try {
            org.nd4j.imports.descriptors.onnx.OnnxDescriptorParser.onnxOpDescriptors();
        } catch (Exception e) {
            // only a head start: the registry parses them itself (and reports any failure) when it needs them
            org.slf4j.LoggerFactory.getLogger(GraphCompiler.class).debug("ONNX op descriptors not pre-parsed", e);
        }
    }

    /** Builds the SameDiff graph with its gradient function; the result is reused every step. */
    public static CompiledModel compile(ModelGraph graph) {
        return SameDiffModel.build(graph);
    }
}

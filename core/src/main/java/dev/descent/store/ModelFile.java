package dev.descent.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.DescentException;
import dev.descent.graph.ModelGraph;
import dev.descent.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saves and loads trained models: the architecture (the expression graph), the trained parameter
 * values and free-form metadata, in the checksummed container format of this package.
 *
 * <pre>{@code
 * ModelFile.save(Path.of("model.descent"), graph, model.parameters(), Map.of("dataset", "iris"));
 * SavedModel m = ModelFile.load(Path.of("model.descent"));
 * CompiledModel again = GraphCompiler.compile(m.graph());
 * }</pre>
 */
public final class ModelFile {
    static final String FORMAT = "descent";
    static final int VERSION = 1;
    /**
     * Largest file we read (a guard against reading a huge foreign file into memory): the largest
     * byte array a JVM allocates, as the JDK's own {@code SOFT_MAX_ARRAY_LENGTH}.
     */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    /** A loaded model: its graph (parameters initialised to the saved values) and metadata. */
    public record SavedModel(String kind, ModelGraph graph, Map<String, String> metadata, ObjectNode header,
            Map<String, INDArray> tensors) {
        /** The saved buffer values (running statistics) by name, in the graph's order; empty for most models. */
        public Map<String, INDArray> buffers() {
            return saved("buffer/", graph.buffers().keySet());
        }

        /** The saved parameter values by name, in the graph's order. */
        public Map<String, INDArray> parameters() {
            return saved("param/", graph.params().keySet());
        }

        /** The tensors saved as {@code kind + name}, by name, in the order of {@code names} (those not saved left out). */
        private Map<String, INDArray> saved(String kind, Set<String> names) {
            Map<String, INDArray> out = new LinkedHashMap<>();
            for (String name : names) {
                INDArray v = tensors.get(kind + name);
                if (v != null) {
                    out.put(name, v);
                }
            }
            return out;
        }
    }

    private ModelFile() {
    }

    /**
     * Writes a model file atomically: a crash mid-save leaves the previous file intact. {@code params}
     * holds the values to save of the parameters and of the buffers (running statistics), by name.
     */
    public static void save(Path path, ModelGraph graph, Map<String, INDArray> params, Map<String, String> metadata) {
        AtomicFiles.writeBytes(path, toBytes(graph, params, metadata));
    }

    /**
     * The bytes {@link #save} would write, for storage that is not a local file (HDFS, S3, a
     * database) or for shipping a model to other JVMs; read them back with {@link #fromBytes}.
     *
     * <pre>{@code
     * byte[] bytes = ModelFile.toBytes(graph, model.parameters(), Map.of());
     * ModelGraph again = ModelFile.fromBytes(bytes, "broadcast").graph();
     * }</pre>
     */
    public static byte[] toBytes(ModelGraph graph, Map<String, INDArray> params, Map<String, String> metadata) {
        return encode("model", graph, params, metadata, Map.of(), null);
    }

    static byte[] encode(String kind, ModelGraph graph, Map<String, INDArray> params, Map<String, String> metadata,
            Map<String, INDArray> extraTensors, ObjectNode extraHeader) {
        ObjectNode header = Container.JSON.createObjectNode();
        header.put("format", FORMAT);
        header.put("version", VERSION);
        header.put("kind", kind);
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        header.set("graph", GraphCodec.encode(graph, params, tensors));
        ObjectNode meta = header.putObject("metadata");
        metadata.forEach(meta::put);
        if (extraHeader != null) {
            header.set("training", extraHeader);
        }
        tensors.putAll(extraTensors);
        return Container.encode(header, tensors);
    }

    /** Reads and verifies a model or checkpoint file; nothing is trusted before the checksum matches. */
    public static SavedModel load(Path path) {
        return fromBytes(readAll(path), path.toString());
    }

    /**
     * Verifies and decodes the bytes of a model or checkpoint file (as written by {@link #toBytes},
     * {@link #save} or {@link Checkpoint#toBytes}); {@code source} names them in error messages.
     *
     * @throws CorruptFileException if the checksum does not match or the content is malformed
     */
    public static SavedModel fromBytes(byte[] bytes, String source) {
        // no size check here: bytes already in memory are as large as a file readAll accepts at most
        Container.Decoded d = Container.decode(bytes, source);
        ObjectNode h = d.header();
        if (!FORMAT.equals(h.path("format").asText()) || h.path("version").asInt() != VERSION) {
            throw new CorruptFileException(source + " has format '" + h.path("format").asText() + "' version "
                    + h.path("version").asText() + "; this library reads format 'descent' version " + VERSION);
        }
        ModelGraph graph = GraphCodec.decode(h.path("graph"), d.tensors(), source);
        Map<String, String> meta = new LinkedHashMap<>();
        h.path("metadata").fields().forEachRemaining(e -> meta.put(e.getKey(), e.getValue().asText()));
        return new SavedModel(h.path("kind").asText("model"), graph, meta, h, d.tensors());
    }

    static byte[] readAll(Path path) {
        try {
            long size = Files.size(path);
            if (size > MAX_BYTES) {
                throw new CorruptFileException(path + " is " + size + " bytes, larger than any Descent file this version reads ("
                        + MAX_BYTES + ")");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new DescentException("No such file: " + path);
        } catch (IOException e) {
            throw new DescentException("Cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** A human-readable summary: kind, metadata, architecture, parameter shapes, training state. */
    public static String describe(Path path) {
        SavedModel m = load(path);
        StringBuilder sb = new StringBuilder();
        sb.append("file:        ").append(path).append('\n');
        sb.append("kind:        ").append(m.kind()).append(" (format descent v").append(VERSION).append(", checksum ok)\n");
        m.metadata().forEach((k, v) -> sb.append(String.format("%-12s %s%n", k + ":", v)));
        sb.append("inputs:     ");
        m.graph().inputs().forEach((k, v) -> sb.append(' ').append(k).append(v.shape()));
        sb.append("\noutputs:    ");
        m.graph().outputs().forEach((k, v) -> sb.append(' ').append(k).append(v.shape()));
        sb.append("\nparameters:\n");
        long total = 0;
        for (Map.Entry<String, dev.descent.graph.Expr> e : m.graph().params().entrySet()) {
            long n = e.getValue().shape().size();
            total += n;
            sb.append(String.format("  %-24s %-14s %,d%n", e.getKey(), e.getValue().shape(), n));
        }
        sb.append(String.format("  %-24s %-14s %,d%n", "total", "", total));
        if (!m.graph().buffers().isEmpty()) {
            sb.append("buffers (not trained; running statistics):\n");
            for (Map.Entry<String, dev.descent.graph.Expr> e : m.graph().buffers().entrySet()) {
                sb.append(String.format("  %-24s %-14s %,d%n", e.getKey(), e.getValue().shape(), e.getValue().shape().size()));
            }
        }
        sb.append("graph nodes: ").append(m.graph().topologicalOrder().size()).append(" (loss ")
                .append(m.graph().loss().name()).append(")\n");
        JsonNode t = m.header().path("training");
        if (t.isObject()) {
            sb.append("optimizer:   ").append(t.path("optimizer").path("rule").asText()).append(' ')
                    .append(t.path("optimizer").path("hyper")).append('\n');
            sb.append("step:        ").append(t.path("step").asLong()).append(" (epoch ").append(t.path("epoch").asLong())
                    .append(", ").append(t.path("totalSamples").asLong()).append(" samples processed)\n");
            if (t.path("sampler").isObject()) {
                sb.append("batching:    ").append(t.path("sampler").path("batching").asText()).append('\n');
            }
        }
        return sb.toString();
    }
}

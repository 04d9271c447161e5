package dev.descent.compile;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import org.nd4j.imports.descriptors.tensorflow.TensorflowDescriptorParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.framework.OpDef;
import org.tensorflow.framework.OpList;

/**
 * TensorFlow's op descriptors, which SameDiff's op registry loads the first time a gradient is
 * built, read from a binary copy instead of ND4J's text file.
 *
 * <p>Every model needs the registry (building the gradient function clones each op, and a custom
 * op such as a matrix product is looked up there), and the registry's constructor asks
 * {@link TensorflowDescriptorParser#opDescs()} for the 1,412 TensorFlow op definitions, which ND4J
 * parses from {@code ops.proto}, 873 kB of protobuf text. Descent never imports a TensorFlow graph,
 * but cannot skip the registry. Parsing the text costs a quarter of a second on the caller's
 * thread, and the JIT compiler then spends about as long again optimising the text parser; on a
 * two-core machine both come out of a short job's wall time. The same definitions in protobuf's
 * binary form ({@value #RESOURCE}, 43 kB) parse in a few milliseconds.
 *
 * <p>The copy is put into the cache that {@code opDescs()} itself fills and returns
 * ({@code DESCRIPTORS}, protected, hence this subclass), under the lock that method holds, and
 * only while that cache is empty: ND4J's answer is the same map either way, which
 * {@code TensorflowOpDefsTest} checks definition by definition against ND4J's own parse of its
 * text. Should the resource be missing or unreadable, ND4J parses its text as before.
 */
final class TensorflowOpDefs extends TensorflowDescriptorParser {
    static final String RESOURCE = "tensorflow-op-defs.pb.gz";
    private static final Logger LOG = LoggerFactory.getLogger(TensorflowOpDefs.class);

    private TensorflowOpDefs() {
    }

    /** Fills ND4J's descriptor cache from the binary copy unless it is filled already. */
    static void preload() {
        // opDescs() is a static synchronized method: it holds this same lock while it parses
        synchronized (TensorflowDescriptorParser.class) {
            if (DESCRIPTORS != null) {
                return;
            }
            Map<String, OpDef> defs = read();
            if (defs != null) {
                DESCRIPTORS = defs;
            }
        }
    }

    /** The binary copy's definitions by name; null when it cannot be read. */
    static @Nullable Map<String, OpDef> read() {
        try (InputStream raw = TensorflowOpDefs.class.getResourceAsStream(RESOURCE)) {
            if (raw == null) {
                LOG.debug("{} not found; SameDiff parses TensorFlow's op descriptors from text", RESOURCE);
                return null;
            }
            Map<String, OpDef> defs = new HashMap<>();
            for (OpDef def : OpList.parseFrom(new GZIPInputStream(raw)).getOpList()) {
                defs.put(def.getName(), def);
            }
            return defs;
        } catch (IOException e) {
            LOG.debug("{} unreadable; SameDiff parses TensorFlow's op descriptors from text", RESOURCE, e);
            return null;
        }
    }
}

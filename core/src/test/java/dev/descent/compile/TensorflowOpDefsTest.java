package dev.descent.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.nd4j.imports.descriptors.tensorflow.TensorflowDescriptorParser;
import org.nd4j.shade.protobuf.TextFormat;
import org.junit.jupiter.api.Test;
import org.tensorflow.framework.OpDef;
import org.tensorflow.framework.OpList;

/**
 * The binary copy of TensorFlow's op descriptors says exactly what ND4J's text file says, and
 * preloading it leaves ND4J's answer unchanged. Should ND4J's file change (a new ND4J version),
 * the first test fails; {@link #main} writes the copy again:
 * {@code java -cp <core test classpath> dev.descent.compile.TensorflowOpDefsTest core/src/main/resources/dev/descent/compile/tensorflow-op-defs.pb.gz}.
 */
class TensorflowOpDefsTest {

    @Test
    void theBinaryCopyHoldsNd4jsDefinitionsExactly() throws IOException {
        Map<String, OpDef> fromText = parseNd4jText();
        Map<String, OpDef> fromCopy = TensorflowOpDefs.read();
        assertNotNull(fromCopy, TensorflowOpDefs.RESOURCE + " must be on the class path");
        assertEquals(1412, fromText.size(), "ND4J 1.0.0-M2.1's ops.proto defines 1,412 ops");
        assertEquals(fromText.keySet(), fromCopy.keySet());
        for (Map.Entry<String, OpDef> e : fromText.entrySet()) {
            assertEquals(e.getValue(), fromCopy.get(e.getKey()), () -> "op " + e.getKey() + " differs: regenerate the copy (see the class comment)");
        }
    }

    @Test
    void nd4jAnswersWithTheSameDefinitionsAfterThePreload() throws IOException {
        TensorflowOpDefs.preload();
        assertEquals(parseNd4jText(), TensorflowDescriptorParser.opDescs());
    }

    @Test
    void aCacheNd4jFilledAlreadyIsKept() {
        Map<String, OpDef> before = Cache.get();
        Map<String, OpDef> own = new HashMap<>();
        try {
            Cache.set(own);
            TensorflowOpDefs.preload();
            assertSame(own, TensorflowDescriptorParser.opDescs());
        } finally {
            Cache.set(before);
        }
    }

    @Test
    void anEmptyCacheIsFilledFromTheCopy() {
        Map<String, OpDef> before = Cache.get();
        try {
            Cache.set(null);
            TensorflowOpDefs.preload();
            Map<String, OpDef> filled = Cache.get();
            assertNotNull(filled);
            assertEquals(TensorflowOpDefs.read(), filled);
        } finally {
            Cache.set(before);
        }
    }

    /** ND4J's own reading of its text file: lines joined without separators, then protobuf's text parser. */
    private static Map<String, OpDef> parseNd4jText() throws IOException {
        StringBuilder text = new StringBuilder();
        try (InputStream in = TensorflowDescriptorParser.class.getClassLoader().getResourceAsStream("ops.proto");
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                text.append(line);
            }
        }
        OpList.Builder list = OpList.newBuilder();
        TextFormat.getParser().merge(text.toString(), list);
        Map<String, OpDef> defs = new HashMap<>();
        list.getOpList().forEach(d -> defs.put(d.getName(), d));
        return defs;
    }

    /** Writes the binary copy from ND4J's text file, ops sorted by name. */
    public static void main(String[] args) throws IOException {
        OpList.Builder list = OpList.newBuilder();
        parseNd4jText().values().stream().sorted(Comparator.comparing(OpDef::getName)).forEach(list::addOp);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(Path.of(args[0])))) {
            list.build().writeTo(out);
        }
    }

    /** ND4J's descriptor cache, reachable from a subclass. */
    private static final class Cache extends TensorflowDescriptorParser {
        static Map<String, OpDef> get() {
            synchronized (TensorflowDescriptorParser.class) {
                return DESCRIPTORS;
            }
        }

        static void set(Map<String, OpDef> defs) {
            synchronized (TensorflowDescriptorParser.class) {
                DESCRIPTORS = defs;
            }
        }
    }
}

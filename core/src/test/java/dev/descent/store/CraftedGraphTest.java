package dev.descent.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Model graphs and checkpoints crafted to be consistent enough to pass the container's checks:
 * each is refused by the check meant for it, with that check's message; and what a graph file
 * must carry (index inputs, tensor constants, the saved parameter values) survives the round trip.
 */
class CraftedGraphTest {
    @TempDir
    Path dir;

    private static ObjectNode encoded(ModelGraph g, Map<String, INDArray> tensors) {
        return GraphCodec.encode(g, Map.of(), tensors);
    }

    /** The MLP's graph, edited by {@code edit}, decoded: the CorruptFileException's message. */
    private static String refusal(Consumer<ObjectNode> edit) {
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        ObjectNode root = encoded(TestModels.mlp(1), tensors);
        edit.accept(root);
        return assertThrows(CorruptFileException.class, () -> GraphCodec.decode(root, tensors, "g")).getMessage();
    }

    private static ObjectNode node(ObjectNode root, int i) {
        return (ObjectNode) root.get("nodes").get(i);
    }

    /** The id of the first node that has inputs. */
    private static int firstWithInputs(ObjectNode root) {
        for (JsonNode n : root.get("nodes")) {
            if (n.get("inputs").size() > 0) {
                return n.get("id").asInt();
            }
        }
        throw new AssertionError("no node with inputs");
    }

    @Test
    void aNodeMayOnlyUseNodesBeforeIt() {
        String self = refusal(r -> {
            int k = firstWithInputs(r);
            ((ArrayNode) node(r, k).get("inputs")).set(0, k);
        });
        assertTrue(self.matches("g is malformed: node \\d+ refers to a node that does not precede it"), self);
        String negative = refusal(r -> ((ArrayNode) node(r, firstWithInputs(r)).get("inputs")).set(0, -1));
        assertTrue(negative.endsWith("refers to a node that does not precede it"), negative);
    }

    @Test
    void outputsAndTheLossMustNameAnExistingNode() {
        int count = encoded(TestModels.mlp(1), new LinkedHashMap<>()).get("nodes").size();
        assertEquals("g is malformed: it refers to graph node " + count + " which does not exist",
                refusal(r -> ((ObjectNode) r.get("outputs")).put("pred", count)));
        assertEquals("g is malformed: it refers to graph node -1 which does not exist", refusal(r -> r.put("loss", -1)));
        assertEquals("g is malformed: it refers to graph node " + count + " which does not exist",
                refusal(r -> r.put("loss", count)));
    }

    @Test
    void theNodeCountIsCappedBeforeAnyNodeIsRead() {
        String over = refusal(r -> {
            ArrayNode nodes = r.putArray("nodes");
            for (int i = 0; i <= GraphCodec.MAX_NODES; i++) {
                nodes.add(0);
            }
        });
        assertEquals("g is malformed: its model graph has no node list or more than " + GraphCodec.MAX_NODES + " nodes",
                over);
        // exactly the cap: read, and refused for what the first node is
        String at = refusal(r -> {
            ArrayNode nodes = r.putArray("nodes");
            for (int i = 0; i < GraphCodec.MAX_NODES; i++) {
                nodes.add(0);
            }
        });
        assertEquals("g is malformed: graph node ids are not sequential", at);
    }

    @Test
    void anOutputMayNameTheFirstNode() {
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        ObjectNode root = encoded(TestModels.mlp(1), tensors);
        ((ObjectNode) root.get("outputs")).put("first", 0);
        ModelGraph g = GraphCodec.decode(root, tensors, "g");
        assertEquals(node(root, 0).get("name").asText(), g.outputs().get("first").name());
    }

    @Test
    void aWindowNeedsItsEightNumbers() {
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        ObjectNode root = encoded(GraphCodecTest.convNet(), tensors);
        for (JsonNode n : root.get("nodes")) {
            if ("MAX_POOL2D".equals(n.get("op").asText())) {
                ((ArrayNode) n.get("attrs").get("window")).remove(7);
            }
        }
        assertEquals("g is malformed: its model graph cannot be rebuilt (java.lang.IllegalArgumentException: a window needs 8"
                + " numbers, found 7)", assertThrows(CorruptFileException.class, () -> GraphCodec.decode(root, tensors, "g")).getMessage());
    }

    @Test
    void aTensorReferenceNeedsItsPrefixAndItsTensor() {
        String unprefixed = refusal(r -> {
            for (JsonNode n : r.get("nodes")) {
                if ("PARAM".equals(n.get("op").asText())) {
                    ObjectNode attrs = (ObjectNode) n.get("attrs");
                    attrs.put(Ops.INIT, attrs.get(Ops.INIT).asText().substring("tensor:".length()));
                    return;
                }
            }
        });
        assertTrue(unprefixed.matches("g is malformed: missing tensor param/\\w+"), unprefixed);
    }

    @Test
    void indexInputsTensorConstantsAndSavedParametersRoundTrip() {
        Expr x = Ops.input("x", Shape.ANY, 3);
        Expr labels = Ops.indexInput("labels", Shape.ANY);
        Expr w = Ops.param("w", Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}, {5, 6}}));
        Expr scale = Ops.constant(Nd4j.createFromArray(0.5f, 2f));
        Expr logits = Ops.mul(x.matmul(w), scale);
        Expr ce = Ops.neg(Ops.mean(Ops.sum(Ops.mul(Ops.oneHot(labels, 2), Ops.logSoftmax(logits, 1)), false, 1)));
        ModelGraph g = ModelGraph.builder().output("logits", logits).loss(ce).build();
        INDArray trained = Nd4j.createFromArray(new float[][] {{-1, 0}, {0.5f, 7}, {2, -3}});
        // the map's values are taken for parameters and buffers only: an entry under a constant's
        // generated name (which no parameter can have) changes nothing
        assertEquals("const[2]", scale.name());
        Map<String, INDArray> values = Map.of("w", trained, scale.name(), Nd4j.createFromArray(9f, 9f));
        ModelFile.SavedModel back = ModelFile.fromBytes(ModelFile.toBytes(g, values, Map.of()), "m");
        assertArrayEquals(trained.data().asFloat(), back.parameters().get("w").data().asFloat(),
                "the saved values, not the graph's initial ones");
        Map<String, INDArray> feed = Map.of("x", Nd4j.createFromArray(new float[][] {{1, 0, -1}, {0.5f, 0.5f, 2}}),
                "labels", Nd4j.createFromArray(1f, 0f));
        try (CompiledModel original = GraphCompiler.compile(g); CompiledModel loaded = GraphCompiler.compile(back.graph())) {
            original.setParameters(Map.of("w", trained));
            assertEquals(original.loss(feed), loaded.loss(feed), 0.0);
            assertArrayEquals(original.output(feed, java.util.List.of("logits")).get("logits").data().asFloat(),
                    loaded.output(feed, java.util.List.of("logits")).get("logits").data().asFloat());
        }
        assertEquals(Ops.INT_INDICES, back.graph().inputs().get("labels").attrs().get(Ops.DTYPE));
    }

    @Test
    void aFileLargerThanAnyJavaArrayIsRefusedUnread() throws Exception {
        Path huge = dir.resolve("huge.descent");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(ModelFile.MAX_BYTES + 1); // sparse: no disk space used
        }
        CorruptFileException e = assertThrows(CorruptFileException.class, () -> ModelFile.load(huge));
        assertEquals(huge + " is " + (ModelFile.MAX_BYTES + 1) + " bytes, larger than any Descent file this version reads ("
                + ModelFile.MAX_BYTES + ")", e.getMessage());
    }
}

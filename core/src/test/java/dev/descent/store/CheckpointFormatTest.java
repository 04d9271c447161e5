package dev.descent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.graph.ModelGraph;
import dev.descent.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a checkpoint must hold to be restored, checked on files re-sealed with a valid checksum
 * after an edit; and {@code describe}'s summary of one.
 */
class CheckpointFormatTest {
    private static final long SEED = 4;

    @TempDir
    Path dir;

    /** A checkpoint after 5 steps, edited by {@code edit} (header, tensors) and re-sealed. */
    private static byte[] checkpoint(BiConsumer<ObjectNode, Map<String, INDArray>> edit) {
        ModelGraph g = TestModels.mlp(SEED);
        try (CompiledModel m = GraphCompiler.compile(g)) {
            Trainer t = TestModels.trainer(m, SEED, 5);
            t.fit(TestModels.data(SEED, TestModels.SAMPLES));
            Container.Decoded d = Container.decode(Checkpoint.toBytes(g, t, Map.of("run", "format")), "ckpt");
            Map<String, INDArray> tensors = new LinkedHashMap<>(d.tensors());
            edit.accept(d.header(), tensors);
            return Container.encode(d.header(), tensors);
        }
    }

    private static String refusal(byte[] bytes) {
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(SEED))) {
            Trainer t = TestModels.trainer(m, SEED, 10);
            CorruptFileException e = assertThrows(CorruptFileException.class, () -> Checkpoint.restore(bytes, "c", t));
            assertEquals(0, t.steps());
            return e.getMessage();
        }
    }

    @Test
    void theKindAndTheTrainingStateMustBothSayCheckpoint() {
        assertEquals("c is a checkpoint file without training state; resume needs a checkpoint written by Checkpoint.save",
                refusal(checkpoint((h, t) -> h.remove("training"))));
        assertEquals("c is a model file without training state; resume needs a checkpoint written by Checkpoint.save",
                refusal(checkpoint((h, t) -> h.put("kind", "model"))));
    }

    @Test
    void everyParameterOfTheGraphNeedsItsSavedValue() {
        // w1's values stored under another name, which the graph's PARAM node then names: the graph
        // decodes, but the checkpoint has no value for w1
        BiConsumer<ObjectNode, Map<String, INDArray>> rename = (h, t) -> {
            t.put("param/w1x", t.remove("param/w1"));
            for (JsonNode n : h.path("graph").path("nodes")) {
                if ("w1".equals(n.path("name").asText()) && "PARAM".equals(n.path("op").asText())) {
                    ((ObjectNode) n.path("attrs")).put("init", "tensor:param/w1x");
                }
            }
        };
        assertEquals("c is malformed: optimizer state for unknown parameter w1", refusal(checkpoint(rename)));
        byte[] withoutState = checkpoint(rename.andThen((h, t) -> {
            ((ObjectNode) h.path("training").path("optimizer").path("states")).remove("w1");
            t.remove("opt/w1/momentum_buffer");
        }));
        assertEquals("c is malformed: it lacks some parameter values", refusal(withoutState));
    }

    @Test
    void describeSummarisesTheFile() throws Exception {
        Path f = Files.write(dir.resolve("c.ckpt"), checkpoint((h, t) -> { }));
        String d = ModelFile.describe(f);
        ModelGraph g = TestModels.mlp(SEED);
        assertTrue(d.contains("\nrun:         format\n"), d);
        assertTrue(d.contains("\ninputs:      x" + g.inputs().get("x").shape() + " y" + g.inputs().get("y").shape() + "\n"), d);
        assertTrue(d.contains("\noutputs:     pred" + g.outputs().get("pred").shape() + "\n"), d);
        assertTrue(d.contains(String.format("  %-24s %-14s %,d%n", "w1", g.params().get("w1").shape(), 32)), d);
        assertTrue(d.contains(String.format("  %-24s %-14s %,d%n", "total", "", 4 * 8 + 8 + 8 * 2 + 2)), d);
        assertTrue(d.contains("step:        5 (epoch 0, 40 samples processed)\n"), d);
    }
}

package dev.descent.cli;

import static dev.descent.cli.CliRun.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.optim.Sgd;
import dev.descent.store.Checkpoint;
import dev.descent.store.ModelFile;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** {@code descent inspect}: what a good file holds; exit 2 and one line for every kind of bad file. */
class InspectCommandTest {
    @TempDir
    Path dir;

    private static ModelGraph graph() {
        Expr x = Ops.input("x", Shape.ANY, 3);
        Expr y = Ops.input("y", Shape.ANY, 1);
        Expr pred = x.matmul(Ops.param("w", Nd4j.zeros(DataType.FLOAT, 3, 1))).plus(Ops.param("b", Nd4j.zeros(DataType.FLOAT, 1)));
        return ModelGraph.builder().output("pred", pred).loss(Ops.mean(Ops.square(pred.minus(y)))).build();
    }

    @Test
    void describesACheckpoint() {
        ModelGraph g = graph();
        Path ckpt = dir.resolve("run.ckpt");
        try (CompiledModel m = GraphCompiler.compile(g)) {
            Trainer t = Trainer.create(m, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.1).momentum(0.9).build())
                    .batching(Batching.miniBatch(4).seed(3)).steps(6).build());
            t.fit(Dataset.of("x", Nd4j.rand(DataType.FLOAT, 10, 3), "y", Nd4j.rand(DataType.FLOAT, 10, 1)));
            Checkpoint.save(ckpt, g, t, Map.of("dataset", "random"));
        }
        Object[] r = cli("inspect", ckpt.toString());
        String out = (String) r[1];
        assertEquals(0, r[0], out + r[2]);
        assertTrue(out.contains("kind:        checkpoint") && out.contains("checksum ok"), out);
        assertTrue(out.contains("dataset:") && out.contains("random"), out);
        assertTrue(out.contains("x[batch, 3]"), out);
        assertTrue(out.contains("w ") && out.contains("[3, 1]") && out.contains("total"), out);
        assertTrue(out.contains("optimizer:   sgd") && out.contains("\"momentum\":0.9"), out);
        assertTrue(out.contains("step:        6 (epoch 2"), out);
        assertTrue(out.contains("mini-batch of 4, shuffled, seed 3"), out);
    }

    @Test
    void describesAModelFile() {
        Path file = dir.resolve("m.descent");
        ModelFile.save(file, graph(), Map.of(), Map.of());
        Object[] r = cli("inspect", file.toString());
        assertEquals(0, r[0]);
        assertTrue(((String) r[1]).contains("kind:        model"), (String) r[1]);
        assertFalse(((String) r[1]).contains("optimizer:"));
    }

    @Test
    void badFilesExitWithStatus2AndOneLine() throws Exception {
        Path good = dir.resolve("m.descent");
        ModelFile.save(good, graph(), Map.of(), Map.of());
        byte[] bytes = Files.readAllBytes(good);
        Path flipped = dir.resolve("flipped.descent");
        bytes[bytes.length / 2] ^= 4;
        Files.write(flipped, bytes);
        Path truncated = dir.resolve("truncated.descent");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 3));
        Path empty = Files.write(dir.resolve("empty.descent"), new byte[0]);
        Path foreign = Files.writeString(dir.resolve("notes.txt"), "just some text\n");
        Map<Path, String> cases = Map.of(flipped, "SHA-256", truncated, "SHA-256", empty, "is empty", foreign, "not a Descent",
                dir.resolve("missing.descent"), "No such file", dir, "Cannot read");
        for (Map.Entry<Path, String> c : cases.entrySet()) {
            Object[] r = cli("inspect", c.getKey().toString());
            String err = (String) r[2];
            assertEquals(2, r[0], c.getKey() + ": " + err);
            assertEquals("", r[1], "nothing on stdout for a bad file");
            assertTrue(err.startsWith("descent inspect: ") && err.contains(c.getValue()), err);
            assertEquals(1, err.strip().lines().count(), "one line, no stack trace: " + err);
            assertFalse(err.contains("Exception"), err);
        }
    }
}

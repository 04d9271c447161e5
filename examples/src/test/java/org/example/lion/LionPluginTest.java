package org.example.lion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.dsl.Descent;
import dev.descent.dsl.Model;
import dev.descent.dsl.loss.Loss;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.optim.Optimizer;
import dev.descent.optim.UpdateRules;
import dev.descent.store.Checkpoint;
import dev.descent.store.ModelFile;
import dev.descent.store.TestModels;
import dev.descent.train.History;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The optimizer module is pluggable the way a third party needs it: {@link Lion}, defined outside
 * Descent's packages and registered only through {@code META-INF/services}, is found by name, used
 * from the DSL, in parameter groups with their own hyper-parameters, and its state goes through a
 * checkpoint and resumes bit-identically.
 */
class LionPluginTest {

    @Test
    void foundByNameThroughServiceLoader() {
        assertTrue(UpdateRules.names().contains("lion"), UpdateRules.names().toString());
        assertEquals(new Lion(0.01, 0.95, 0.98, 0.1), UpdateRules.create("Lion",
                Map.of("lr", 0.01, "betas", List.of(0.95, 0.98), "weight_decay", 0.1)));
        assertEquals(new Lion(0.01, 0.9, 0.99, 0), assertInstanceOf(Lion.class,
                Descent.rule("lion", Map.of("lr", 0.01)).build()));
    }

    @Test
    void trainsFromTheDslWithParameterGroups() {
        float[][] xs = new float[32][1];
        float[][] ys = new float[32][1];
        for (int i = 0; i < 32; i++) {
            xs[i][0] = i / 16f - 1;
            ys[i][0] = 2 * xs[i][0] + 0.5f;
        }
        Dataset data = Dataset.of("x", Nd4j.createFromArray(xs), "y", Nd4j.createFromArray(ys));
        Expr x = Ops.input("x", Shape.ANY, 1);
        Expr w = Ops.param("w", Nd4j.zeros(DataType.FLOAT, 1, 1));
        Expr b = Ops.param("b", Nd4j.zeros(DataType.FLOAT, 1));
        try (Model m = Model.of(x.matmul(w).plus(b), Loss.mse())) {
            // one step from zero: Lion moves every parameter by exactly its group's lr against sign(g)
            m.fit(data, t -> t.optimizer(Descent.rule("lion", Map.of("lr", 0.01)))
                    .group(List.of("b"), Map.of("lr", 0.1, "betas", List.of(0.5, 0.9))).fullBatch().steps(1).quiet());
            assertEquals(0.01f, m.parameters().get("w").getFloat(0));
            assertEquals(0.1f, m.parameters().get("b").getFloat(0));
            Optimizer opt = m.lastTrainer().optimizer();
            assertEquals(new Lion(0.1, 0.5, 0.9, 0), opt.rule(0));
            assertEquals(new Lion(0.01, 0.9, 0.99, 0), opt.rule(1));
            History h = m.fit(data, t -> t.optimizer(Descent.rule("lion", Map.of("lr", 0.01))).fullBatch().steps(300)
                    .quiet());
            double first = h.steps().get(0).loss();
            double last = h.steps().get(299).loss();
            assertTrue(last < 0.1 * first, "loss " + first + " -> " + last);
        }
    }

    private static Trainer trainer(CompiledModel model, long steps) {
        return Trainer.create(model, TrainingPlan.builder()
                .optimizer(UpdateRules.create("lion", Map.of("lr", 3e-3, "weight_decay", 0.01)))
                .group(List.of("w1"), Map.of("betas", List.of(0.8, 0.95), "lr", 1e-2))
                .batching(Batching.miniBatch(TestModels.BATCH).seed(5)).steps(steps).build());
    }

    @Test
    void checkpointRoundTripIsBitIdentical(@TempDir Path dir) {
        int n = 13;
        int more = 11;
        String straight;
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(5))) {
            trainer(m, n + more).fit(TestModels.data(5, TestModels.SAMPLES));
            straight = TestModels.hash(m.parameters());
        }
        Path ckpt = dir.resolve("lion.ckpt");
        ModelGraph g = TestModels.mlp(5);
        try (CompiledModel m = GraphCompiler.compile(g)) {
            Trainer t = trainer(m, n);
            t.fit(TestModels.data(5, TestModels.SAMPLES));
            Checkpoint.save(ckpt, g, t);
        }
        ModelFile.SavedModel saved = ModelFile.load(ckpt);
        assertEquals(4, saved.tensors().keySet().stream().filter(k -> k.endsWith("/exp_avg")).count());
        assertTrue(ModelFile.describe(ckpt).contains("optimizer:   lion"), ModelFile.describe(ckpt));
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(6))) {
            Trainer t = trainer(m, n + more);
            Checkpoint.restore(ckpt, t);
            t.fit(TestModels.data(5, TestModels.SAMPLES));
            assertEquals(straight, TestModels.hash(m.parameters()));
        }
        // negative control: without the checkpoint's momentum the run differs
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(6))) {
            m.setParameters(saved.parameters());
            trainer(m, more).fit(TestModels.data(5, TestModels.SAMPLES));
            assertNotEquals(straight, TestModels.hash(m.parameters()));
        }
    }
}

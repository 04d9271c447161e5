package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Dataset;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.optim.GradientClipping;
import dev.descent.optim.Optimizer;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.UpdateRule;
import dev.descent.optim.UpdateRules;
import dev.descent.schedule.LrSchedule;
import dev.descent.schedule.LrSchedules;
import dev.descent.schedule.ReduceLrOnPlateau;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Schedules, plateau reduction, clipping and parameter groups work with every adaptive rule inside
 * the trainer: the trainer's run equals the same steps done by hand with {@link Optimizer},
 * {@link GradientClipping} and the schedule, bit for bit.
 */
class AdaptiveTrainingTest {
    private static final List<ParamGroup> GROUPS = List.of(new ParamGroup(List.of("b"), Map.of("lr", 0.05)));

    private static UpdateRule rule(String name) {
        return UpdateRules.create(name, Map.of("lr", 0.1, "weight_decay", 0.01));
    }

    /** a^2 + b^2 from (1.5, -2): gradients (2a, 2b), whose norm starts at 5, above the clipping threshold. */
    private static ModelGraph bowl() {
        Expr a = Ops.param("a", Nd4j.scalar(1.5f));
        Expr b = Ops.param("b", Nd4j.scalar(-2f));
        return ModelGraph.builder().loss(a.square().plus(b.square())).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "adamw", "rmsprop", "adagrad", "adadelta"})
    void stepScheduleClippingAndGroupsMatchTheStepsDoneByHand(String name) {
        LrSchedule schedule = LrSchedules.step(4, 0.5, LrSchedule.Unit.STEP);
        int steps = 15;
        float[] trained;
        try (CompiledModel m = GraphCompiler.compile(bowl())) {
            Trainer t = Trainer.create(m, TrainingPlan.builder().optimizer(rule(name)).groups(GROUPS).schedule(schedule)
                    .clipNorm(1.0).steps(steps).build());
            History h = t.fit();
            // group 0 is b's (lr 0.05): three halvings by step 14
            assertEquals(0.05 * 0.125, h.steps().get(steps - 1).lr(), 1e-12, "the schedule's rate at step 14");
            trained = new float[] {m.parameters().get("a").getFloat(0), m.parameters().get("b").getFloat(0)};
        }
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> params = new LinkedHashMap<>();
        params.put("a", Nd4j.scalar(1.5f));
        params.put("b", Nd4j.scalar(-2f));
        Optimizer opt = Optimizer.create(rule(name), params, GROUPS);
        GradientClipping clip = GradientClipping.byGlobalNorm(1.0);
        for (int s = 0; s < steps; s++) {
            for (int g = 0; g < opt.groupCount(); g++) {
                opt.setLr(g, schedule.lr(opt.baseLr(g), s));
            }
            Map<String, org.nd4j.linalg.api.ndarray.INDArray> grads = new LinkedHashMap<>();
            params.forEach((k, v) -> grads.put(k, v.mul(2)));
            clip.apply(grads);
            opt.step(grads);
        }
        assertEquals(params.get("a").getFloat(0), trained[0], name + ": a");
        assertEquals(params.get("b").getFloat(0), trained[1], name + ": b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "adamw", "rmsprop", "adagrad", "adadelta"})
    void plateauReducesTheRateOfEveryRule(String name) {
        // maximize on a loss to be minimised: the loss only grows, so the plateau schedule must cut the rate
        Expr x = Ops.input("x", Shape.ANY, 1);
        Expr y = Ops.input("y", Shape.ANY, 1);
        Expr w = Ops.param("w", Nd4j.createFromArray(new float[][] {{0.5f}}));
        ModelGraph g = ModelGraph.builder().loss(Ops.mean(Ops.square(x.matmul(w).minus(y)))).build();
        Dataset data = Dataset.of("x", Nd4j.createFromArray(new float[][] {{1f}, {2f}}), "y",
                Nd4j.createFromArray(new float[][] {{1f}, {2f}}));
        UpdateRule ascent = UpdateRules.create(name, Map.of("lr", 0.1, "maximize", true));
        try (CompiledModel m = GraphCompiler.compile(g)) {
            ReduceLrOnPlateau plateau = LrSchedules.reduceOnPlateau(ReduceLrOnPlateau.Mode.MIN, 0.5, 1, 1e-4, 0, 0.0);
            History h = Trainer.create(m, TrainingPlan.builder().optimizer(ascent).schedule(plateau).fullBatch()
                    .clipValue(10).epochs(8).build()).fit(data);
            double first = h.steps().get(0).lr();
            double last = h.steps().get(h.steps().size() - 1).lr();
            assertEquals(0.1, first, 0.0);
            assertTrue(last < 0.1 * 0.5 * 0.5 + 1e-12, name + ": rate after 8 worsening epochs " + last);
        }
    }
}

package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.optim.GradientClipping;
import dev.descent.optim.Sgd;
import dev.descent.schedule.LrSchedule;
import dev.descent.schedule.LrSchedules;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class TrainerTest {

    /** y = 2x + 1 on 20 points; model pred = x @ w + b from zeros. */
    private static CompiledModel line() {
        Expr x = Ops.input("x", Shape.ANY, 1);
        Expr y = Ops.input("y", Shape.ANY, 1);
        Expr pred = x.matmul(Ops.param("w", Nd4j.zeros(DataType.FLOAT, 1, 1))).plus(Ops.param("b", Nd4j.zeros(DataType.FLOAT, 1)));
        return GraphCompiler.compile(ModelGraph.builder().output("pred", pred).loss(Ops.mean(Ops.square(pred.minus(y)))).build());
    }

    private static Dataset data() {
        float[][] xs = new float[20][1];
        float[][] ys = new float[20][1];
        for (int i = 0; i < 20; i++) {
            xs[i][0] = i / 10f - 1;
            ys[i][0] = 2 * xs[i][0] + 1;
        }
        return Dataset.of("x", Nd4j.createFromArray(xs), "y", Nd4j.createFromArray(ys));
    }

    @Test
    void recordsStepsEpochsAndSamplesForEachBatchingVariant() {
        try (CompiledModel m = line()) {
            History gd = Trainer.create(m, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.1).build()).epochs(3).build()).fit(data());
            assertEquals(3, gd.steps().size());
            assertEquals(3, gd.epochs().size());
            assertEquals(60, gd.steps().get(2).totalSamples());
        }
        try (CompiledModel m = line()) {
            History sgd = Trainer.create(m, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.1).build()).batching(Batching.singleSample(3)).epochs(2).build())
                    .fit(data());
            assertEquals(40, sgd.steps().size());
            assertEquals(1, sgd.steps().get(0).samples());
            assertEquals(2, sgd.epochs().size());
        }
        try (CompiledModel m = line()) {
            History mini = Trainer.create(m, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.1).build()).batching(Batching.miniBatch(6).seed(1)).epochs(2)
                    .build()).fit(data());
            // 20 samples in batches of 6: 6, 6, 6, 2 per epoch
            assertEquals(8, mini.steps().size());
            assertEquals(2, mini.steps().get(3).samples());
            assertEquals(40, mini.steps().get(7).totalSamples());
        }
    }

    @Test
    void stopRulesFire() {
        try (CompiledModel m = line()) {
            History h = Trainer.create(m, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.3).build()).stopWhen(StopRule.lossBelow(1e-4)).steps(10_000).build())
                    .fit(data());
            assertTrue(h.finalLoss() <= 1e-4);
            assertTrue(h.steps().size() < 10_000);
            assertTrue(h.stopReason().contains("target"), h.stopReason());
        }
        try (CompiledModel m = line()) {
            History h = Trainer.create(m, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.3).build()).stopWhen(StopRule.paramTolerance(1e-5)).steps(10_000)
                    .build()).fit(data());
            assertTrue(h.stopReason().contains("tolerance"), h.stopReason());
            assertEquals(2.0, m.parameters().get("w").getDouble(0), 1e-3);
        }
        try (CompiledModel m = line()) {
            // lr 0: the loss never improves, so the plateau rule stops after `patience` epochs past the first
            History h = Trainer.create(m, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.0).build()).stopWhen(StopRule.plateau(3, 0.0)).steps(100).build())
                    .fit(data());
            assertEquals(4, h.steps().size());
            assertTrue(h.stopReason().contains("plateau"), h.stopReason());
        }
    }

    @Test
    void scheduleSetsTheLearningRateOfEveryStep() {
        try (CompiledModel m = line()) {
            LrSchedule halving = LrSchedules.step(2, 0.5, LrSchedule.Unit.STEP);
            History h = Trainer.create(m, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.2).build()).schedule(halving).steps(6).build()).fit(data());
            double[] lrs = h.steps().stream().mapToDouble(StepRecord::lr).toArray();
            assertEquals(List.of(0.2, 0.2, 0.1, 0.1, 0.05, 0.05), toList(lrs));
        }
    }

    private static List<Double> toList(double[] a) {
        List<Double> l = new ArrayList<>();
        for (double v : a) {
            l.add(Math.round(v * 1e9) / 1e9);
        }
        return l;
    }

    @Test
    void gradientNormIsRecordedBeforeClipping() {
        try (CompiledModel m = line()) {
            History h = Trainer.create(m, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.1).build()).clipNorm(0.01).steps(1)
                    .build()).fit(data());
            // first step from zeros: dL/dw = -2 mean(x y), dL/db = -2 mean(y)
            double gw = 0;
            double gb = 0;
            for (int i = 0; i < 20; i++) {
                double x = i / 10.0 - 1;
                double y = 2 * x + 1;
                gw += -2 * x * y / 20;
                gb += -2 * y / 20;
            }
            assertEquals(Math.hypot(gw, gb), h.steps().get(0).gradNorm(), 1e-4);
            // the clipped update moved the parameters by lr * 0.01 in total
            double moved = Math.hypot(m.parameters().get("w").getDouble(0), m.parameters().get("b").getDouble(0));
            assertEquals(0.1 * 0.01, moved, 1e-6);
        }
    }

    @Test
    void trajectoryIsRecordedAtTheStride() {
        try (CompiledModel m = line()) {
            History h = Trainer.create(m, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.1).build()).trajectoryStride(2).steps(6).build()).fit(data());
            assertEquals(List.of(0L, 2L, 4L, 6L), h.trajectory().stream().map(History.Snapshot::step).toList());
            assertEquals(0f, h.trajectory().get(0).params().get("w")[0]);
        }
    }

    @Test
    void fitContinuesWhereItStopped() {
        try (CompiledModel a = line(); CompiledModel b = line()) {
            Dataset d = data();
            Trainer straight = Trainer.create(a, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.1).momentum(0.9).build())
                    .batching(Batching.miniBatch(7).seed(11)).steps(12).build());
            straight.fit(d);
            Trainer twice = Trainer.create(b, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.1).momentum(0.9).build())
                    .batching(Batching.miniBatch(7).seed(11)).stopWhen(s -> s.steps() % 6 == 0 ? "half" : null).build());
            twice.fit(d);
            twice.fit(d);
            assertEquals(a.parameters().get("w"), b.parameters().get("w"));
            assertEquals(a.parameters().get("b"), b.parameters().get("b"));
        }
    }

    @Test
    void builderNeedsAnOptimizerAndAStopRule() {
        try (CompiledModel m = line()) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Trainer.create(m, TrainingPlan.builder().steps(1).build()))
                    .getMessage().contains("optimizer"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Trainer.create(m, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.1).build()).build()))
                    .getMessage().contains("stop rule"));
        }
    }
}

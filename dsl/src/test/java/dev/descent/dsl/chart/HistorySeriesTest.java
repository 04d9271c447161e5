package dev.descent.dsl.chart;

import dev.descent.dsl.plot.Chart;
import dev.descent.dsl.plot.LinePlot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import dev.descent.optim.Sgd;
import dev.descent.train.History;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import java.awt.image.BufferedImage;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** Series from real training histories, and LinePlot's log x axis drawing them. */
class HistorySeriesTest {
    static History bowl;
    static History fit;

    @BeforeAll
    static void train() {
        Expr x = Ops.param("x", Nd4j.scalar(1f));
        Expr y = Ops.param("y", Nd4j.scalar(-2f));
        try (CompiledModel m = GraphCompiler.compile(ModelGraph.builder().loss(x.square().plus(y.square())).build())) {
            bowl = Trainer.create(m, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.1).build()).steps(4).trajectoryStride(1).build()).fit();
        }
        // w·x against y = 2x on 10 points, mini-batches of 4 (4, 4, 2 per epoch), validation metric per epoch
        Expr in = Ops.input("x", Shape.ANY, 1);
        Expr target = Ops.input("y", Shape.ANY, 1);
        Expr w = Ops.param("w", Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1));
        ModelGraph g = ModelGraph.builder().loss(Ops.mean(Ops.square(in.matmul(w).minus(target)))).build();
        float[] xs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        float[] ys = new float[10];
        for (int i = 0; i < 10; i++) {
            ys[i] = 2 * xs[i];
        }
        Dataset d = Dataset.of("x", Nd4j.createFromArray(xs).reshape(10, 1), "y", Nd4j.createFromArray(ys).reshape(10, 1));
        try (CompiledModel m = GraphCompiler.compile(g)) {
            int[] epoch = {0};
            fit = Trainer.create(m, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.001).build()).batching(Batching.miniBatch(4).shuffle(false)).epochs(2)
                    .evaluator(e -> Map.of("val_score", 10.0 + epoch[0]++)).build()).fit(d);
        }
    }

    @Test
    void trajectoryFollowsTheSnapshots() {
        Series s = HistorySeries.trajectory("GD", bowl, "x", "y");
        assertEquals(5, s.size());
        assertArrayEquals(new double[] {1, 0.8, 0.64, 0.512, 0.4096}, s.x(), 1e-6);
        assertArrayEquals(new double[] {-2, -1.6, -1.28, -1.024, -0.8192}, s.y(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> HistorySeries.trajectory("GD", bowl, "x", "z"));
        assertThrows(IllegalArgumentException.class, () -> HistorySeries.trajectory("fit", fit, "w", "w"));
    }

    @Test
    void lossAgainstStepAndSamplesSeenBeforeEachStep() {
        Series byStep = HistorySeries.lossVsStep("fit", fit);
        Series bySamples = HistorySeries.lossVsSamples("fit", fit);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, byStep.x());
        assertArrayEquals(new double[] {0, 4, 8, 10, 14, 18}, bySamples.x());
        assertArrayEquals(fit.losses(), byStep.y());
        assertArrayEquals(fit.losses(), bySamples.y());
        // first batch x = 1..4, w = 0: mean((0 - 2x)^2) = 4 * mean(x^2) = 30
        assertEquals(30.0, byStep.y()[0], 1e-5);
    }

    @Test
    void epochValuesNumberedFromOne() {
        Series loss = HistorySeries.epochLoss("train", fit);
        assertArrayEquals(new double[] {1, 2}, loss.x());
        assertArrayEquals(fit.epochLosses(), loss.y());
        Series score = HistorySeries.epochMetric("val", fit, "val_score");
        assertArrayEquals(new double[] {10, 11}, score.y());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HistorySeries.epochMetric("val", fit, "val_accuracy"));
        assertTrue(e.getMessage().contains("val_score"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HistorySeries.epochLoss("bowl", new History()));
    }

    @Test
    void logXPlotSkipsNonPositiveXAndRenders() {
        Chart c = LinePlot.builder().logX(true).logY(true).xLabel("step").yLabel("loss")
                .series(HistorySeries.lossVsStep("fit", fit)).build();
        assertTrue(c.jfreeChart().getXYPlot().getDomainAxis() instanceof org.jfree.chart.axis.LogAxis);
        // step 0 cannot sit on a log axis: 5 of the 6 points remain
        assertEquals(5, c.jfreeChart().getXYPlot().getDataset().getItemCount(0));
        BufferedImage img = c.toImage(400, 300);
        assertEquals(400, img.getWidth());
    }
}

package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.optim.Sgd;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/** Configuration and data errors are reported before or at the first Spark job, naming what to fix. */
class SparkTrainerConfigTest {

    @Test
    void samplesOfTheWrongSizeAreRejected() {
        List<Sample> list = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            list.add(Sample.of(new float[] {i, 1, 2, 3}, new float[] {0, 1}));
        }
        JavaRDD<Sample> rdd = Fixtures.sc().parallelize(list, 2);
        Exception e = assertThrows(Exception.class, () -> SparkTrainer.builder(Fixtures.regressionMlp(), rdd)
                .optimizer(Sgd.builder().lr(0.1).build()).steps(1).build());
        // whichever partition fails first is reported: sample 0 or sample 5
        assertTrue(e.getMessage().matches("(?s).*Sample [05] has 4 features but the model's input 'x' takes 3 per sample.*"),
                e.getMessage());
    }

    @Test
    void runningStatisticsAreRefusedWithTheReason() {
        dev.descent.graph.Expr x = dev.descent.graph.Ops.input("x", dev.descent.graph.Shape.ANY, 4);
        dev.descent.graph.Expr h = dev.descent.graph.Functional.batchNorm(x, null, null,
                dev.descent.graph.Ops.buffer("bn.running_mean", org.nd4j.linalg.factory.Nd4j.zeros(4)),
                dev.descent.graph.Ops.buffer("bn.running_var", org.nd4j.linalg.factory.Nd4j.ones(4)), 1e-5, 0.1);
        dev.descent.graph.Expr pred = h.matmul(dev.descent.graph.Ops.param("w", org.nd4j.linalg.factory.Nd4j.ones(4, 2)));
        dev.descent.graph.ModelGraph g = dev.descent.graph.ModelGraph.builder().output("pred", pred)
                .loss(dev.descent.graph.Ops.mean(dev.descent.graph.Ops.square(pred))).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkTrainer.builder(g, Fixtures.regressionRdd()));
        assertTrue(e.getMessage().contains("running statistics (batch norm: [bn.running_mean, bn.running_var])"), e.getMessage());
    }

    @Test
    void unknownInputNamesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkTrainer.builder(Fixtures.regressionMlp(), Fixtures.regressionRdd()).features("pixels")
                        .optimizer(Sgd.builder().lr(0.1).build()).steps(1).build());
        assertTrue(e.getMessage().contains("'x'"), e.getMessage());
    }

    @Test
    void optimizerAndStopRuleAreRequired() {
        assertThrows(IllegalArgumentException.class,
                () -> SparkTrainer.builder(Fixtures.regressionMlp(), Fixtures.regressionRdd()).steps(1).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkTrainer.builder(Fixtures.regressionMlp(), Fixtures.regressionRdd()).optimizer(Sgd.builder().lr(0.1).build()).build());
        assertTrue(e.getMessage().contains("stop rule"), e.getMessage());
    }

    @Test
    void emptyDataIsRejected() {
        JavaRDD<Sample> empty = Fixtures.sc().parallelize(new ArrayList<Sample>(), 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SparkTrainer.builder(Fixtures.regressionMlp(), empty).optimizer(Sgd.builder().lr(0.1).build()).steps(1).build());
        assertTrue(e.getMessage().contains("0 samples"), e.getMessage());
    }

    @Test
    void closedTrainerRefusesToTrain() {
        SparkTrainer t = SparkTrainer.builder(Fixtures.regressionMlp(), Fixtures.regressionRdd()).optimizer(Sgd.builder().lr(0.1).build())
                .steps(2).build();
        assertEquals(Fixtures.N, t.samples());
        t.close();
        assertThrows(dev.descent.DescentException.class, t::fit);
    }
}

package dev.descent.dsl.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The metrics against values worked out by hand (sklearn's accuracy_score / top_k_accuracy_score, MAE, RMSE, R²). */
class MetricTest {
    // row 0: class 1 first; row 1: class 0 first, target 1 second; row 2: class 2 first;
    // row 3: class 2 first, target 0 tied second with class 1; row 4: target 2 third
    private static final float[][] SCORES = {
        {0.1f, 0.7f, 0.2f}, {0.5f, 0.4f, 0.1f}, {0.2f, 0.2f, 0.6f}, {0.3f, 0.3f, 0.4f}, {0.6f, 0.3f, 0.1f}};
    private static final float[] TARGETS = {1, 1, 2, 0, 2};

    @Test
    void accuracyCountsTheHighestScoringClass() {
        assertEquals(2.0 / 5, Metric.accuracy().compute(Nd4j.createFromArray(SCORES), Nd4j.createFromArray(TARGETS)), 0.0);
        assertEquals("accuracy", Metric.accuracy().name());
    }

    @Test
    void topKCountsTheTargetAmongTheKHighest() {
        // k = 2 misses only row 4 (its target is third); k = 3 hits everything
        assertEquals(4.0 / 5, Metric.topK(2).compute(Nd4j.createFromArray(SCORES), Nd4j.createFromArray(TARGETS)), 0.0);
        assertEquals(1.0, Metric.topK(3).compute(Nd4j.createFromArray(SCORES), Nd4j.createFromArray(TARGETS)), 0.0);
        assertEquals("top2_accuracy", Metric.topK(2).name());
    }

    @Test
    void aTieGoesToTheLowerClassIndexAsArgmaxDoes() {
        INDArray constant = Nd4j.createFromArray(new float[][] {{0.5f, 0.5f}, {0.5f, 0.5f}});
        assertEquals(0.5, Metric.accuracy().compute(constant, Nd4j.createFromArray(0f, 1f)), 0.0);
    }

    @Test
    void oneHotTargetsViewsAndDoublesGiveTheSameAnswer() {
        INDArray scores = Nd4j.createFromArray(SCORES);
        INDArray oneHot = Nd4j.zeros(DataType.FLOAT, 5, 3);
        for (int i = 0; i < 5; i++) {
            oneHot.putScalar(i, (int) TARGETS[i], 1f);
        }
        assertEquals(2.0 / 5, Metric.accuracy().compute(scores, oneHot), 0.0);
        // a transposed view (column-major, not contiguous in row order) and float64 scores
        INDArray view = scores.transpose().dup('c').transpose();
        assertTrue(view.ordering() == 'f');
        assertEquals(4.0 / 5, Metric.topK(2).compute(view, Nd4j.createFromArray(TARGETS)), 0.0);
        assertEquals(2.0 / 5, Metric.accuracy().compute(scores.castTo(DataType.DOUBLE), Nd4j.createFromArray(TARGETS)), 0.0);
    }

    @Test
    void badShapesAndTargetsAreRefusedWithTheReason() {
        INDArray scores = Nd4j.createFromArray(SCORES);
        DescentException rank = assertThrows(DescentException.class,
                () -> Metric.accuracy().compute(Nd4j.createFromArray(1f, 2f), Nd4j.createFromArray(0f, 1f)));
        assertTrue(rank.getMessage().contains("[N, classes]"), rank.getMessage());
        DescentException count = assertThrows(DescentException.class,
                () -> Metric.accuracy().compute(scores, Nd4j.createFromArray(0f, 1f)));
        assertTrue(count.getMessage().contains("5 predictions but 2 targets"), count.getMessage());
        DescentException range = assertThrows(DescentException.class,
                () -> Metric.accuracy().compute(scores, Nd4j.createFromArray(0f, 1f, 2f, 3f, 0f)));
        assertTrue(range.getMessage().contains("target 3.0 at row 3") && range.getMessage().contains("0..2"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metric.topK(0));
    }

    @Test
    void regressionMetrics() {
        INDArray p = Nd4j.createFromArray(1f, 2f, 3f, 4f);
        INDArray t = Nd4j.createFromArray(1f, 3f, 2f, 5f);
        // differences 0, -1, 1, -1; targets' mean 2.75, total sum of squares 8.75
        assertEquals(0.75, Metric.mae().compute(p, t), 1e-12);
        assertEquals(Math.sqrt(0.75), Metric.rmse().compute(p, t), 1e-12);
        assertEquals(1 - 3 / 8.75, Metric.r2().compute(p, t), 1e-12);
        assertEquals(1.0, Metric.r2().compute(t, t), 0.0);
    }
}

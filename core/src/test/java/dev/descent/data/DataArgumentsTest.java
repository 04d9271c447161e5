package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The data package's argument checks that each factory does itself, and the states and summaries
 * it prints: every batching refuses an empty dataset, a sampler's state names its position only,
 * the standardizer guards its columns.
 */
class DataArgumentsTest {

    @Test
    void everyBatchingRefusesAnEmptyDataset() {
        for (Batching b : List.of(Batching.fullBatch(), Batching.singleSample(1), Batching.miniBatch(2),
                Batching.miniBatch(2).withReplacement(true), Batching.replay(List.of(new int[] {0})))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.sampler(0), b.describe());
            assertEquals("Invalid dataset size: 0 (datasetSize must be >= 1)", e.getMessage());
            assertEquals(1, b.sampler(1).stepsPerEpoch(), b.describe());
        }
    }

    @Test
    void aStateAtAnEpochBoundaryIsTheSameHoweverTheSamplerGotThere() {
        for (Batching b : List.of(Batching.singleSample(4), Batching.miniBatch(3).withReplacement(true).seed(2))) {
            BatchSampler walked = b.sampler(7);
            while (walked.epoch() < 2) {
                walked.next();
            }
            BatchSampler jumped = b.sampler(7);
            jumped.restore(new SamplerState(b.describe(), 7, 2, 0, 0L));
            assertEquals(jumped.state(), walked.state(), b.describe());
            assertEquals(0L, walked.state().rngState(), "no random state between epochs");
            assertArrayEquals(walked.next().clone(), jumped.next(), b.describe());
        }
        assertEquals("BatchSampler[full batch, N=3, epoch 0, step 0/1]", Batching.fullBatch().sampler(3).toString());
        assertEquals("full batch", Batching.fullBatch().toString());
    }

    @Test
    void standardizerReplacesAZeroOrNonFiniteSpreadByOne() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 5, 0}, {3, 5, Double.POSITIVE_INFINITY}});
        Standardizer s = Standardizer.fit(x);
        assertArrayEquals(new double[] {1, 1, 1}, s.std().toDoubleVector());
        assertArrayEquals(new double[] {-1, 1}, s.transform(x).getColumn(0).toDoubleVector());
        assertArrayEquals(new double[] {0, 0}, s.transform(x).getColumn(1).toDoubleVector());
        Standardizer one = Standardizer.fit(Nd4j.createFromArray(new float[][] {{2, 4}}));
        assertArrayEquals(new float[] {2, 4}, one.mean().toFloatVector());
        assertArrayEquals(new float[] {1, 1}, one.std().toFloatVector());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> Standardizer.fit(Nd4j.create(DataType.FLOAT, 0, 2)));
        assertTrue(none.getMessage().startsWith("Cannot fit a Standardizer on 0 rows"), none.getMessage());
        IllegalArgumentException rank = assertThrows(IllegalArgumentException.class,
                () -> one.transform(Nd4j.createFromArray(1f, 2f)));
        assertEquals("x must have rank 2 [N, d], got shape [2] (reshape a single feature to [N, 1])", rank.getMessage());
        assertTrue(one.toString().startsWith("Standardizer[mean="), one.toString());
    }

    @Test
    void datasetArraysNeedNames() {
        Map<String, INDArray> nullName = new HashMap<>();
        nullName.put(null, Nd4j.createFromArray(1f, 2f));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dataset.of(nullName));
        assertEquals("Array names must be non-empty (got null)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Dataset.of(Map.of("", Nd4j.createFromArray(1f))));
        assertEquals("Array names must be non-empty (got \"\")", e.getMessage());
        Dataset d = Dataset.of(Map.of("x", Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}})));
        assertEquals("Dataset[2 samples: x FLOAT[2, 2]]", d.toString());
    }
}

package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class StandardizerTest {

    @Test
    void fitsPopulationStatisticsPerColumn() {
        // column 0: 1,2,3,4 -> mean 2.5, population std sqrt(1.25); column 1 constant -> std 1
        INDArray x = Nd4j.createFromArray(new float[][] {{1, 7}, {2, 7}, {3, 7}, {4, 7}});
        Standardizer st = Standardizer.fit(x);
        assertArrayEquals(new long[] {2}, st.mean().shape());
        assertEquals(2.5, st.mean().getDouble(0), 1e-6);
        assertEquals(7.0, st.mean().getDouble(1), 1e-6);
        assertEquals(Math.sqrt(1.25), st.std().getDouble(0), 1e-6);
        assertEquals(1.0, st.std().getDouble(1), 0.0);

        INDArray z = st.transform(x);
        assertNotSame(x, z);
        assertEquals(DataType.FLOAT, z.dataType());
        assertEquals((1 - 2.5) / Math.sqrt(1.25), z.getDouble(0, 0), 1e-6);
        assertEquals((4 - 2.5) / Math.sqrt(1.25), z.getDouble(3, 0), 1e-6);
        assertEquals(0.0, z.getColumn(1).sumNumber().doubleValue(), 0.0);
        assertEquals(0.0, z.getColumn(0).meanNumber().doubleValue(), 1e-6);
        assertEquals(1.0f, x.getFloat(0, 0)); // input untouched
    }

    @Test
    void appliesTrainingStatisticsToOtherData() {
        Standardizer st = Standardizer.fit(Nd4j.createFromArray(new double[][] {{0, 10}, {2, 30}}));
        INDArray val = st.transform(Nd4j.createFromArray(new double[][] {{4, 20}}));
        assertEquals(DataType.DOUBLE, val.dataType());
        assertEquals(3.0, val.getDouble(0, 0), 1e-12); // (4-1)/1
        assertEquals(0.0, val.getDouble(0, 1), 1e-12); // (20-20)/10
    }

    @Test
    void validation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(Nd4j.zeros(5)));
        assertTrue(e.getMessage().contains("rank 2") && e.getMessage().contains("[5]"), e.getMessage());
        Standardizer st = Standardizer.fit(Nd4j.ones(3, 2));
        e = assertThrows(IllegalArgumentException.class, () -> st.transform(Nd4j.ones(3, 3)));
        assertTrue(e.getMessage().contains("3 columns") && e.getMessage().contains("2 columns"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(Nd4j.ones(DataType.INT32, 3, 2)));
    }
}

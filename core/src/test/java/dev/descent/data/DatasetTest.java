package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DatasetTest {

    private static Dataset sample(int n) {
        INDArray x = Nd4j.arange(n * 3L).reshape(n, 3).castTo(DataType.FLOAT);
        INDArray y = Nd4j.arange(n).castTo(DataType.INT32);
        return Dataset.of("x", x, "y", y);
    }

    @Test
    void keepsInsertionOrderAndIsUnmodifiable() {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put("b", Nd4j.zeros(4));
        m.put("a", Nd4j.zeros(4, 2));
        m.put("c", Nd4j.zeros(4, 1, 2));
        Dataset d = Dataset.of(m);
        assertEquals(4, d.size());
        assertEquals(List.of("b", "a", "c"), List.copyOf(d.arrays().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> d.arrays().put("z", Nd4j.zeros(4)));
        m.remove("a");
        assertEquals(3, d.arrays().size());
    }

    @Test
    void mismatchedRowCountsNameArraysAndCounts() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Dataset.of("x", Nd4j.zeros(5, 2), "y", Nd4j.zeros(4)));
        String msg = e.getMessage();
        assertTrue(msg.contains("\"x\" has 5") && msg.contains("\"y\" has 4"), msg);
    }

    @Test
    void rejectsEmptyMapScalarAndMissingName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Dataset.of(Map.of())).getMessage().contains("at least one array"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Dataset.of("x", Nd4j.scalar(1f), "y", Nd4j.zeros(1)))
                .getMessage().contains("\"x\" is a scalar"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sample(3).array("z"));
        assertTrue(e.getMessage().contains("\"z\"") && e.getMessage().contains("[x, y]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dataset.of("x", Nd4j.zeros(2), "x", Nd4j.zeros(2)));
    }

    @Test
    void subsetCopiesRowsInOrder() {
        Dataset d = sample(6);
        int[] idx = {4, 0, 4, 2};
        Dataset s = d.subset(idx);
        assertEquals(4, s.size());
        for (int i = 0; i < idx.length; i++) {
            assertEquals(d.array("x").getRow(idx[i]), s.array("x").getRow(i));
            assertEquals(idx[i], s.array("y").getInt(i));
        }
        assertEquals(DataType.INT32, s.array("y").dataType());
        assertArrayEquals(new long[] {4}, s.array("y").shape());
        assertNotSame(d.array("x"), s.array("x"));
        s.array("x").putScalar(0, 0, -1f);
        assertEquals(12f, d.array("x").getFloat(4, 0)); // original untouched
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.subset(new int[] {6}));
        assertTrue(e.getMessage().contains("6") && e.getMessage().contains("[0, 6)"), e.getMessage());
    }

    @Test
    void subsetOfViewAndFortranOrderArrays() {
        INDArray big = Nd4j.arange(40).reshape(10, 4).castTo(DataType.DOUBLE);
        INDArray view = big.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 8), org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3));
        INDArray fortran = Nd4j.arange(12).reshape(6, 2).castTo(DataType.FLOAT).dup('f');
        Dataset d = Dataset.of("v", view, "f", fortran);
        Dataset s = d.subset(new int[] {5, 1});
        assertEquals(view.getRow(5), s.array("v").getRow(0));
        assertEquals(view.getRow(1), s.array("v").getRow(1));
        assertEquals(fortran.getRow(5), s.array("f").getRow(0));
    }

    @Test
    void splitIsSeededDisjointAndComplete() {
        Dataset d = sample(10);
        Split a = d.split(0.7, 3);
        Split b = d.split(0.7, 3);
        Split c = d.split(0.7, 4);
        assertEquals(7, a.train().size());
        assertEquals(3, a.validation().size());
        int[] trainY = a.train().array("y").toIntVector();
        int[] valY = a.validation().array("y").toIntVector();
        assertArrayEquals(trainY, b.train().array("y").toIntVector());
        int[] all = IntStream.concat(Arrays.stream(trainY), Arrays.stream(valY)).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 10).toArray(), all);
        assertTrue(!Arrays.equals(trainY, c.train().array("y").toIntVector()));
        // rows stay aligned across arrays
        for (int i = 0; i < 7; i++) {
            assertEquals(trainY[i] * 3f, a.train().array("x").getFloat(i, 0));
        }
    }

    @Test
    void splitValidation() {
        Dataset d = sample(10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.split(1.0, 0));
        assertTrue(e.getMessage().contains("trainFraction") && e.getMessage().contains("1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.split(Double.NaN, 0));
        e = assertThrows(IllegalArgumentException.class, () -> d.split(0.99, 0));
        assertTrue(e.getMessage().contains("10 samples") && e.getMessage().contains("0 validation"), e.getMessage());
    }

    @Test
    void splitFractionsAtTheirEdges() {
        Dataset d = sample(4);
        for (double f : new double[] {0.0, 1.0}) {
            assertEquals("Invalid trainFraction: " + f + " (trainFraction must be strictly between 0 and 1, e.g. 0.8)",
                    assertThrows(IllegalArgumentException.class, () -> d.split(f, 0)).getMessage());
        }
        assertEquals(List.of(1, 3), List.of(d.split(0.25, 0).train().size(), d.split(0.25, 0).validation().size()));
        assertEquals(List.of(3, 1), List.of(d.split(0.75, 0).train().size(), d.split(0.75, 0).validation().size()));
        assertEquals("trainFraction 0.9 of 4 samples gives 4 training and 0 validation samples; both parts need at least one"
                + " sample (use more data or a fraction nearer 0.5)",
                assertThrows(IllegalArgumentException.class, () -> d.split(0.9, 0)).getMessage());
        assertEquals("trainFraction 0.1 of 4 samples gives 0 training and 4 validation samples; both parts need at least one"
                + " sample (use more data or a fraction nearer 0.5)",
                assertThrows(IllegalArgumentException.class, () -> d.split(0.1, 0)).getMessage());
    }

    @Test
    void namesLabelsAndSubsetIndicesAreChecked() {
        Map<String, INDArray> nullName = new HashMap<>();
        nullName.put(null, Nd4j.zeros(2));
        assertEquals("Array names must be non-empty (got null)",
                assertThrows(IllegalArgumentException.class, () -> Dataset.of(nullName)).getMessage());
        assertEquals("Array names must be non-empty (got \"\")",
                assertThrows(IllegalArgumentException.class, () -> Dataset.of(Map.of("", Nd4j.zeros(2)))).getMessage());
        assertEquals("Array \"x\" is null",
                assertThrows(IllegalArgumentException.class, () -> Dataset.of("x", null, "y", Nd4j.zeros(2))).getMessage());
        Dataset d = sample(4);
        assertEquals("subset indices must not be empty (a dataset needs at least one sample)",
                assertThrows(IllegalArgumentException.class, () -> d.subset(new int[0])).getMessage());
        assertEquals("Class labels for \"z\", but the dataset has no such array (it has [x, y])",
                assertThrows(IllegalArgumentException.class, () -> d.withClassLabels("z", ClassLabels.of("a", "b"))).getMessage());
        assertEquals(List.of("a", "b"), d.withClassLabels("y", ClassLabels.of("a", "b")).classLabels().get("y").names());
        assertEquals("subset index -1 at position 1 is outside [0, 4) for a dataset of 4 samples",
                assertThrows(IllegalArgumentException.class, () -> d.subset(new int[] {0, -1})).getMessage());
        assertEquals("subset index 4 at position 0 is outside [0, 4) for a dataset of 4 samples",
                assertThrows(IllegalArgumentException.class, () -> d.subset(new int[] {4})).getMessage());
    }

    /** {@code rows} rows that all read one float: a stride-0 view, so no memory is needed for them. */
    private static INDArray rowsOfOneFloat(long rows) {
        return Nd4j.create(Nd4j.createBuffer(new float[] {1f}), new long[] {rows}, new long[] {0}, 0, 'c', DataType.FLOAT);
    }

    @Test
    void samplesAreCountedInAnInt() {
        assertEquals(Integer.MAX_VALUE, Dataset.of(Map.of("x", rowsOfOneFloat(Integer.MAX_VALUE))).size());
        assertEquals("Dataset has 2147483648 samples; at most 2147483647 are supported", assertThrows(IllegalArgumentException.class,
                () -> Dataset.of(Map.of("x", rowsOfOneFloat(1L << 31)))).getMessage());
    }
}

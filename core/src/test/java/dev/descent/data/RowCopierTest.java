package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The row copier's byte arithmetic, its 2 GiB limit and which arrays it copies before use. */
class RowCopierTest {

    @Test
    void aRowIsTheTrailingShapeTimesTheDtypeWidth() {
        assertEquals(12, RowCopier.rowBytes(new long[] {5, 3}, DataType.FLOAT));
        assertEquals(8, RowCopier.rowBytes(new long[] {5}, DataType.DOUBLE));
        assertEquals(24, RowCopier.rowBytes(new long[] {7, 3, 2}, DataType.INT32));
        assertEquals(0, RowCopier.rowBytes(new long[] {4, 0}, DataType.FLOAT));
    }

    @Test
    void wholeArraysOfUpTo2GiBMinusOneByte() {
        assertEquals(Integer.MAX_VALUE, RowCopier.rowBytes(new long[] {1, Integer.MAX_VALUE}, DataType.INT8));
        assertEquals(4, RowCopier.rowBytes(new long[] {(Integer.MAX_VALUE - 3) / 4, 1}, DataType.FLOAT));
        assertEquals("Arrays over 2 GiB are not supported by the batch gatherer (shape [536870912, 1], dtype FLOAT)",
                assertThrows(UnsupportedOperationException.class, () -> RowCopier.rowBytes(new long[] {1L << 29, 1}, DataType.FLOAT))
                        .getMessage());
        assertThrows(UnsupportedOperationException.class, () -> RowCopier.rowBytes(new long[] {1, 1L << 31}, DataType.INT8));
    }

    @Test
    void denseCOrderArraysAreUsedAsTheyAre() {
        INDArray a = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
        assertSame(a, RowCopier.dense(a));
        INDArray f = a.dup('f');
        INDArray fromF = RowCopier.dense(f);
        assertNotSame(f, fromF);
        assertEquals('c', fromF.ordering());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, fromF.data().asFloat());
        INDArray row = a.getRow(1);
        assertArrayEquals(new float[] {4, 5, 6}, RowCopier.dense(row).data().asFloat());
        assertEquals("Unsupported dtype UTF8 for a dataset array (use a numeric or bool dtype)", assertThrows(IllegalArgumentException.class,
                () -> RowCopier.dense(Nd4j.create("a", "b"))).getMessage());
    }
}

package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

class CsvTest {

    private static final String IRIS = """
            sepal_length,sepal_width,species
            5.1,3.5,0
            
            7.0,3.2,1
            6.3,3.3,2
            4.9,3.0,0
            """;

    @Test
    void readsFileWithHeaderAsRegressionByDefault(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("data.csv");
        Files.writeString(f, "a,b,target\n1,2,0.5\n3,4.25,-1e-1\n");
        Dataset d = Csv.builder().path(f).read();
        assertEquals(2, d.size());
        INDArray x = d.array("x");
        INDArray y = d.array("y");
        assertEquals(DataType.FLOAT, x.dataType());
        assertArrayEquals(new long[] {2, 2}, x.shape());
        assertArrayEquals(new float[] {1, 2, 3, 4.25f}, x.data().asFloat());
        assertArrayEquals(new long[] {2, 1}, y.shape());
        assertArrayEquals(new float[] {0.5f, -0.1f}, y.data().asFloat());
    }

    @Test
    void classIndexByName() {
        Dataset d = Csv.builder().labelColumns("species").classIndex().read(new StringReader(IRIS));
        assertEquals(4, d.size());
        assertArrayEquals(new long[] {4}, d.array("y").shape());
        assertArrayEquals(new float[] {0, 1, 2, 0}, d.array("y").data().asFloat());
        assertArrayEquals(new float[] {5.1f, 3.5f}, d.array("x").getRow(0).toFloatVector(), 0f);
        assertEquals(7.0f, d.array("x").getFloat(1, 0));
    }

    @Test
    void oneHotInferredAndGiven() {
        Dataset inferred = Csv.builder().labelColumns("species").oneHot().read(new StringReader(IRIS));
        assertArrayEquals(new long[] {4, 3}, inferred.array("y").shape());
        assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0}, inferred.array("y").data().asFloat());
        Dataset given = Csv.builder().labelColumns("species").oneHot(5).read(new StringReader(IRIS));
        assertArrayEquals(new long[] {4, 5}, given.array("y").shape());
        assertEquals(1f, given.array("y").getFloat(2, 2));
        assertArrayEquals(new float[] {1, 1, 1, 1}, given.array("y").sum(1).toFloatVector());
        assertArrayEquals(new float[] {2, 1, 1, 0, 0}, given.array("y").sum(0).toFloatVector());
        DescentException e = assertThrows(DescentException.class,
                () -> Csv.builder().labelColumns("species").oneHot(2).read(new StringReader(IRIS)));
        assertTrue(e.getMessage().contains("line 5") && e.getMessage().contains("column 3") && e.getMessage().contains("\"2\""), e.getMessage());
    }

    @Test
    void labelByIndexWithoutHeaderAndOtherDelimiter() {
        String text = "0;1.5;2\n1;2.5;3\n";
        Dataset d = Csv.builder().header(false).delimiter(';').labelColumnIndices(0).classIndex().read(new StringReader(text));
        assertArrayEquals(new float[] {0, 1}, d.array("y").data().asFloat());
        assertArrayEquals(new float[] {1.5f, 2, 2.5f, 3}, d.array("x").data().asFloat());
    }

    @Test
    void severalRegressionLabelsAndQuotes() {
        String text = "\"x 1\",\"y,1\",y2\n\"1\",2,3\n4, \"5\" ,6\n";
        Dataset d = Csv.builder().labelColumns("y,1", "y2").read(new StringReader(text));
        assertArrayEquals(new long[] {2, 2}, d.array("y").shape());
        assertArrayEquals(new float[] {2, 3, 5, 6}, d.array("y").data().asFloat());
        assertArrayEquals(new float[] {1, 4}, d.array("x").data().asFloat());
    }

    @Test
    void malformedValueReportsLineColumnAndText() {
        String text = "a,b,c\n1,2,0\n3,x7,1\n";
        DescentException e = assertThrows(DescentException.class, () -> Csv.builder().read(new StringReader(text)));
        String m = e.getMessage();
        assertTrue(m.contains("line 3") && m.contains("column 2") && m.contains("\"b\"") && m.contains("\"x7\""), m);
        for (String bad : new String[] {"NaN", "1f", "2d", "0x1p3", "Infinity", "", "1e999", "1..2", "1-2"}) {
            DescentException e2 = assertThrows(DescentException.class,
                    () -> Csv.builder().read(new StringReader("a,b\n1,2\n" + bad + ",3\n")), bad);
            assertTrue(e2.getMessage().contains("line 3, column 1"), e2.getMessage());
        }
        DescentException frac = assertThrows(DescentException.class,
                () -> Csv.builder().classIndex().read(new StringReader("a,b\n1,1.5\n")));
        assertTrue(frac.getMessage().contains("line 2, column 2") && frac.getMessage().contains("\"1.5\""), frac.getMessage());
        DescentException neg = assertThrows(DescentException.class,
                () -> Csv.builder().classIndex().read(new StringReader("a,b\n1,-1\n")));
        assertTrue(neg.getMessage().contains("\"-1\""), neg.getMessage());
    }

    @Test
    void plainDecimalsInEveryNotation() {
        String text = "a,b,c,d,e,f,g,y\n0,9,-.5,+4,1e3,2E-1,-1.5e+2,7\n";
        Dataset d = Csv.builder().read(new StringReader(text));
        assertArrayEquals(new float[] {0, 9, -0.5f, 4, 1000, 0.2f, -150}, d.array("x").data().asFloat());
        assertArrayEquals(new float[] {7}, d.array("y").data().asFloat());
    }

    @Test
    void readingNeedsAPath() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Csv.builder().read());
        assertEquals("No CSV path set; call path(...) first or use read(Reader)", e.getMessage());
    }

    @Test
    void raggedRowAndEmptyInputs(@TempDir Path dir) throws IOException {
        DescentException e = assertThrows(DescentException.class, () -> Csv.builder().read(new StringReader("a,b,c\n1,2,3\n4,5\n")));
        assertTrue(e.getMessage().contains("line 3 has 2 columns") && e.getMessage().contains("3"), e.getMessage());
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "\n  \n");
        e = assertThrows(DescentException.class, () -> Csv.builder().path(empty).read());
        assertTrue(e.getMessage().contains("empty") && e.getMessage().contains("empty.csv"), e.getMessage());
        e = assertThrows(DescentException.class, () -> Csv.builder().read(new StringReader("a,b\n")));
        assertTrue(e.getMessage().contains("no data rows"), e.getMessage());
        e = assertThrows(DescentException.class, () -> Csv.builder().path(dir.resolve("missing.csv")).read());
        assertTrue(e.getMessage().contains("missing.csv"), e.getMessage());
    }

    @Test
    void configurationErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Csv.builder().labelColumns("nope").read(new StringReader(IRIS)));
        assertTrue(e.getMessage().contains("\"nope\"") && e.getMessage().contains("species"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Csv.builder().labelColumnIndices(3).read(new StringReader(IRIS)));
        assertTrue(e.getMessage().contains("index 3") && e.getMessage().contains("3 columns"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Csv.builder().labelColumnIndices(0, 1).classIndex().read(new StringReader(IRIS)));
        assertTrue(e.getMessage().contains("exactly one label column"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Csv.builder().oneHot(0));
        assertTrue(e.getMessage().contains("numClasses: 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Csv.builder().header(false).labelColumns("a").read(new StringReader("1,2\n")));
        assertTrue(e.getMessage().contains("header(false)"), e.getMessage());
    }
}

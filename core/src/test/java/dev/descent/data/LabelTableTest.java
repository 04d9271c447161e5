package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.DescentException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the values of a class column become class indices: numbers that are indices, names sorted, and the limits. */
class LabelTableTest {

    private static Dataset read(String text, CsvOptions o) {
        return Csv.read(new StringReader(text), o);
    }

    private static String column(String... labels) {
        StringBuilder b = new StringBuilder("x,y\n");
        for (int i = 0; i < labels.length; i++) {
            b.append(i).append(',').append(labels[i]).append('\n');
        }
        return b.toString();
    }

    @Test
    void decimalClassIndicesAreTheIndicesThemselves() {
        Dataset d = read(column("10", "0", "9", "2", "9"), CsvOptions.defaults().classIndex());
        assertArrayEquals(new float[] {10, 0, 9, 2, 9}, d.array("y").toFloatVector());
        assertEquals(Map.of(), d.classLabels(), "indices have no names");
        Dataset oneHot = read(column("10", "0"), CsvOptions.defaults().oneHot());
        assertArrayEquals(new long[] {2, 11}, oneHot.array("y").shape());
        assertEquals(1f, oneHot.array("y").getFloat(0, 10));
        assertEquals(1f, oneHot.array("y").getFloat(1, 0));
        Dataset written = read(column("1.0", "0.0", "+2", "3e0", "4E0", "16777215"), CsvOptions.defaults().classIndex());
        assertArrayEquals(new float[] {1, 0, 2, 3, 4, 16777215}, written.array("y").toFloatVector());
        assertEquals(Map.of(), written.classLabels());
    }

    @Test
    void labelsThatAreNotAllPlainDecimalsAreNamesInSortedOrder() {
        Dataset days = read(column("7d", "1d", "30d", "1d"), CsvOptions.defaults().classIndex());
        assertEquals(List.of("1d", "30d", "7d"), days.classLabels().get("y").names());
        assertArrayEquals(new float[] {2, 0, 1, 0}, days.array("y").toFloatVector());
        Dataset ages = read(column("26-35", "18-25", "0x1p3"), CsvOptions.defaults().classIndex());
        assertEquals(List.of("0x1p3", "18-25", "26-35"), ages.classLabels().get("y").names());
        assertArrayEquals(new float[] {2, 1, 0}, ages.array("y").toFloatVector());
        Dataset mixed = read(column("1", "NaN", "0"), CsvOptions.defaults().classIndex());
        assertEquals(List.of("0", "1", "NaN"), mixed.classLabels().get("y").names());
    }

    @Test
    void namesOneHotIntoTheGivenNumberOfColumns() {
        String text = column("b", "c", "a");
        Dataset exact = read(text, CsvOptions.defaults().oneHot(3));
        assertArrayEquals(new float[] {0, 1, 0, 0, 0, 1, 1, 0, 0}, exact.array("y").data().asFloat());
        Dataset wider = read(text, CsvOptions.defaults().oneHot(5));
        assertArrayEquals(new long[] {3, 5}, wider.array("y").shape());
        assertArrayEquals(new float[] {0, 1, 0, 0, 0}, wider.array("y").getRow(0).toFloatVector());
        assertEquals(List.of("a", "b", "c"), wider.classLabels().get("y").names());
        DescentException fewer = assertThrows(DescentException.class, () -> read(text, CsvOptions.defaults().oneHot(2)));
        assertEquals("<reader>, column 2 (\"y\"): 3 classes [a, b, c] but oneHot(2); use oneHot() to infer the count or oneHot(3)",
                fewer.getMessage());
    }

    @Test
    void numbersThatAreNoClassIndex() {
        String rule = "class label is not a class index 0, 1, 2, ... (encode classes as integers from 0, or as names):";
        // 16777217 rounds to the float 2^24, where floats stop holding every integer
        for (String bad : List.of("16777217", "16777216", "1e999", "-1", "0.5")) {
            DescentException e = assertThrows(DescentException.class, () -> read(column("0", bad), CsvOptions.defaults().classIndex()));
            assertEquals("<reader>: line 3, column 2 (\"y\"): " + rule + " \"" + bad + "\"", e.getMessage());
        }
    }

    @Test
    void atMost65536DistinctLabels() {
        String[] labels = new String[LabelTable.MAX_CLASSES + 1];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = "c" + i;
        }
        String text = column(labels);
        String most = text.substring(0, text.lastIndexOf("\n", text.length() - 2) + 1);
        Dataset d = read(most, CsvOptions.defaults().classIndex());
        assertEquals(LabelTable.MAX_CLASSES, d.classLabels().get("y").size());
        assertEquals(List.of("c0", "c1", "c10"), d.classLabels().get("y").names().subList(0, 3));
        assertEquals(2, d.array("y").getFloat(10), "c10 sorts third");
        DescentException more = assertThrows(DescentException.class, () -> read(text, CsvOptions.defaults().classIndex()));
        assertEquals("<reader>: line 65538, column 2 (\"y\"): more than 65536 distinct class labels; is this a class column?"
                + " (use regression() for numeric targets)", more.getMessage());
    }
}

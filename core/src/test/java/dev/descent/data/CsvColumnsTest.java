package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which columns of a file are target and features, their names, and the choices a file's header refuses. */
class CsvColumnsTest {

    private static final CsvOptions D = CsvOptions.defaults();
    private static final String ABC = "a,b,c\n1,2,3\n";

    private static String refused(String text, CsvOptions o) {
        return assertThrows(IllegalArgumentException.class, () -> Csv.read(new StringReader(text), o)).getMessage();
    }

    @Test
    void namesWithAndWithoutAHeader() {
        CsvColumns named = CsvColumns.resolve(D.features("c", "a").target("b"), new String[] {"a", "b", "c"}, 3, "t.csv", 1);
        assertArrayEquals(new int[] {2, 0}, named.features());
        assertArrayEquals(new int[] {1}, named.target());
        assertEquals(List.of("c", "a"), named.featureNames());
        assertEquals(List.of("b"), named.targetNames());
        assertEquals("2 (\"b\")", named.describe(1));
        CsvColumns numbered = CsvColumns.resolve(D.header(false).targetIndices(0, 2), null, 4, "t.csv", 0);
        assertEquals(List.of("column 2", "column 4"), numbered.featureNames());
        assertEquals(List.of("column 1", "column 3"), numbered.targetNames());
        assertEquals("3", numbered.describe(2));
        Dataset d = Csv.read(new StringReader("1,2,3,4\n5,6,7,8\n"), D.header(false).targetIndices(0, 2));
        assertArrayEquals(new float[] {2, 4, 6, 8}, d.array("x").data().asFloat());
        assertArrayEquals(new float[] {1, 3, 5, 7}, d.array("y").data().asFloat());
    }

    @Test
    void namesNeedAHeader() {
        String fix = " is given by name, but header(false) is set, so <reader> has no column names;"
                + " use header(true), or give the target by index (labelColumnIndices(...))";
        assertEquals("Label column \"a\"" + fix, refused("1,2\n", D.header(false).target("a")));
        assertEquals("Skipped column \"a\"" + fix, refused("1,2,3\n", D.header(false).skip("a")));
        assertEquals("Feature column \"a\"" + fix, refused("1,2\n", D.header(false).features("a")));
        assertEquals("Features are chosen by the pattern \"a.*\", but header(false) is set, so <reader> has no column names;"
                + " use header(true), or leave the pattern out to use every other column", refused("1,2\n", D.header(false).featuresMatching("a.*")));
    }

    @Test
    void everyColumnHasOneRole() {
        assertEquals("Label column index 3 is out of range: <reader> has 3 columns (indices 0..2)", refused(ABC, D.targetIndices(3)));
        assertEquals("Label column 2 (\"b\") is given twice or also skipped;"
                + " give each column once, and not both as target and in skip(...)", refused(ABC, D.targetIndices(1, 1)));
        assertEquals("Label column 1 (\"a\") is given twice or also skipped;"
                + " give each column once, and not both as target and in skip(...)", refused(ABC, D.skip("a").targetIndices(0)));
        assertEquals("Feature column \"a\" is also the target or skipped; leave it out of features(...)", refused(ABC, D.targetIndices(0).features("a", "b")));
        assertEquals("<reader> has 2 columns, all of them labels or skipped; at least one feature column is needed",
                refused("a,b\n1,2\n", D.skip("a")));
        assertEquals("Skipped column \"d\" not found in <reader>; the header (line 1) has [a, b, c]", refused(ABC, D.skip("d")));
        assertEquals("No column of <reader> matches the feature pattern \"x\"; the header (line 1) has [a, b, c]",
                refused(ABC, D.featuresMatching("x")));
        // the last column, b here, is the default target; a pattern picks features among the others in file order
        Dataset d = Csv.read(new StringReader("c,a,x,b\n1,2,3,4\n"), D.featuresMatching("[ac]"));
        assertArrayEquals(new float[] {1, 2}, d.array("x").data().asFloat());
        assertArrayEquals(new float[] {4}, d.array("y").data().asFloat());
    }
}

package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.descent.DescentException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** The in-memory load: rows of any width gathered into x and y, and the size limit of one array. */
class CsvLoadTest {

    @Test
    void wideRowsAndManyOfThem() {
        int d = 20;
        int m = 17;
        int n = 40;
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < d + m; c++) {
            text.append(c == 0 ? "" : ",").append(c < d ? "f" : "t").append(c);
        }
        text.append('\n');
        float[] x = new float[n * d];
        float[] y = new float[n * m];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < d + m; c++) {
                float v = i * 100 + c + 0.25f;
                text.append(c == 0 ? "" : ",").append(v);
                if (c < d) {
                    x[i * d + c] = v;
                } else {
                    y[i * m + c - d] = v;
                }
            }
            text.append('\n');
        }
        int[] targets = new int[m];
        for (int k = 0; k < m; k++) {
            targets[k] = d + k;
        }
        Dataset data = Csv.read(new StringReader(text.toString()), CsvOptions.defaults().targetIndices(targets));
        assertArrayEquals(new long[] {n, d}, data.array("x").shape());
        assertArrayEquals(new long[] {n, m}, data.array("y").shape());
        assertArrayEquals(x, data.array("x").data().asFloat());
        assertArrayEquals(y, data.array("y").data().asFloat());
    }

    @Test
    void anArrayLargerThanTheLimitNamesTheLineAndTheWayOut() {
        String text = "a,b,y\n1,2,3\n4,5,6\n\n7,8,9\n10,11,12\n";
        Dataset fits = load(text.substring(0, text.indexOf("10,")), CsvOptions.defaults(), 6);
        assertArrayEquals(new float[] {1, 2, 4, 5, 7, 8}, fits.array("x").data().asFloat());
        DescentException x = assertThrows(DescentException.class, () -> load(text, CsvOptions.defaults(), 6));
        assertEquals("<reader>: line 6: more than 6 values in one array (2 features, 1 targets per row); too large to load in memory,"
                + " import it as a file-backed dataset (./descent data import)", x.getMessage());
        // with more targets than features, y reaches the limit first
        String wideY = "a,p,q,r\n1,2,3,4\n5,6,7,8\n9,10,11,12\n";
        CsvOptions threeTargets = CsvOptions.defaults().target("p", "q", "r");
        assertArrayEquals(new float[] {2, 3, 4, 6, 7, 8}, load(wideY.substring(0, wideY.indexOf("9,")), threeTargets, 6).array("y")
                .data().asFloat());
        DescentException y = assertThrows(DescentException.class, () -> load(wideY, threeTargets, 6));
        assertEquals("<reader>: line 4: more than 6 values in one array (1 features, 3 targets per row); too large to load in memory,"
                + " import it as a file-backed dataset (./descent data import)", y.getMessage());
    }

    @Test
    void aOneHotTargetCountsItsClassesAgainstTheLimit() {
        String text = "a,y\n1,0\n2,1\n3,1\n";
        assertArrayEquals(new long[] {3, 2}, load(text, CsvOptions.defaults().oneHot(), 6).array("y").shape());
        DescentException e = assertThrows(DescentException.class, () -> load(text, CsvOptions.defaults().oneHot(3), 6));
        assertEquals("<reader>: y one-hot encoded would hold 3 rows × 3 classes = 9 values, more than 6 in one array;"
                + " use classIndex() (one value per row) instead", e.getMessage());
        assertArrayEquals(new float[] {0, 1, 1}, load(text, CsvOptions.defaults().classIndex(), 3).array("y").data().asFloat());
    }

    private static Dataset load(String text, CsvOptions o, int maxValues) {
        return CsvLoad.read(CsvRecords.of(new StringReader(text), "<reader>", o), "<reader>", o, maxValues);
    }
}

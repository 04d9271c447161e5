package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.StringReader;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The CSV settings' rules, each refused with its message where the settings are made, before any file is read. */
class CsvOptionsTest {

    private static final CsvOptions D = CsvOptions.defaults();

    private static CsvOptions of(List<String> targetNames, List<Integer> targetIndices, int numClasses, List<String> featureNames,
            String pattern) {
        return new CsvOptions(',', true, targetNames, targetIndices, Csv.LabelEncoding.ONE_HOT, numClasses, featureNames, pattern,
                List.of(), Missing.ERROR, List.of());
    }

    private static void refused(String message, Executable settings) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, settings).getMessage());
    }

    @Test
    void delimitersThatCannotSeparateFields() {
        for (char c : new char[] {'"', '\n', '\r'}) {
            refused("Invalid delimiter: " + (int) c + " (delimiter must not be a quote or line break; e.g. ',', ';' or '\\t')",
                    () -> D.delimiter(c));
        }
        assertEquals('\t', D.delimiter('\t').delimiter());
    }

    @Test
    void theTargetIsGivenOnceByNameOrByIndex() {
        refused("The target is given both by name [y] and by index [0]; choose one", () -> of(List.of("y"), List.of(0), 0, List.of(), null));
        // the withers replace one way by the other
        assertEquals(List.of(), D.target("y").targetIndices(1).targetNames());
        assertEquals(List.of(1), D.target("y").targetIndices(1).targetIndices());
        assertEquals(List.of("y"), D.targetIndices(1).target("y").targetNames());
        assertEquals(List.of(), D.targetIndices(1).target("y").targetIndices());
        refused("Invalid label column index: -1 (indices are 0-based and must be >= 0: 0 is the first column)",
                () -> D.targetIndices(0, -1));
        refused("target(...) needs at least one column name (got none), e.g. target(\"species\")", () -> D.target());
        refused("targetIndices(...) needs at least one column index (got none), e.g. targetIndices(0)", () -> D.targetIndices(new int[0]));
        refused("The target column \"y\" is given twice in [y, z, y]; name each column once", () -> D.target("y", "z", "y"));
    }

    @Test
    void classCounts() {
        refused("Invalid numClasses: -1 (numClasses must be >= 0: 0 infers the number of classes, k > 0 one-hot encodes into k columns)",
                () -> of(List.of(), List.of(), -1, List.of(), null));
        refused("Invalid numClasses: 0 (numClasses must be >= 1, e.g. 3)", () -> D.oneHot(0));
        assertEquals(1, D.oneHot(1).numClasses());
        // one class is a valid one-hot encoding: every row [1]
        Dataset one = Csv.read(new StringReader("a,y\n1,0\n2,0\n"), D.oneHot(1));
        assertArrayEquals(new long[] {2, 1}, one.array("y").shape());
        assertArrayEquals(new float[] {1, 1}, one.array("y").data().asFloat());
        assertEquals(0, D.oneHot(3).classIndex().numClasses());
        assertEquals(0, D.oneHot(3).oneHot().numClasses());
        assertEquals(Csv.LabelEncoding.REGRESSION, D.oneHot(3).regression().encoding());
    }

    @Test
    void featuresAreGivenOnceByNameOrByPattern() {
        refused("Features are given both by name [a] and by pattern \"b.*\"; choose one", () -> of(List.of(), List.of(), 0, List.of("a"), "b.*"));
        assertEquals(null, D.featuresMatching("b.*").features("a").featurePattern());
        assertEquals(List.of(), D.features("a").featuresMatching("b.*").featureNames());
        refused("features(...) needs at least one column name (got none); to use every other column, leave features out",
                () -> D.features());
        refused("The feature column \"a\" is given twice in [a, a]; name each column once", () -> D.features("a", "a"));
        // * is any text, ? one character, anything else itself
        String glob = D.featuresGlob("px_*.?").featurePattern();
        for (String name : List.of("px_.a", "px_12.b", "px_a.b.c")) {
            assertEquals(true, Pattern.matches(glob, name), name);
        }
        for (String name : List.of("px_1xb", "px_1.", "px_1.ab", "qx_1.b", "Px_1.b")) {
            assertEquals(false, Pattern.matches(glob, name), name);
        }
    }

    @Test
    void skippedColumnsAreNeitherTargetNorFeature() {
        refused("The skipped column \"id\" is given twice in [id, id]; name each column once", () -> D.skip("id", "id"));
        refused("Columns [id] are both skipped and used as target or feature; remove them from skip(...)",
                () -> D.target("id").skip("id"));
        refused("Columns [id] are both skipped and used as target or feature; remove them from skip(...)",
                () -> D.features("a", "id").skip("id"));
        refused("Columns [y] are both target and feature; a target cannot be a feature", () -> D.features("y").target("y"));
        assertEquals(List.of("id", "note"), D.skip("id", "note").skipColumns());
    }
}

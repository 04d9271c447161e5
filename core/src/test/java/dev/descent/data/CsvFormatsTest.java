package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV capabilities beyond numbers: names, patterns, string classes, missing values, quoting, BOM, gzip. */
class CsvFormatsTest {

    private static final String IRIS = """
            id,sepal_length,sepal_width,species
            a1,5.1,3.5,virginica
            a2,7.0,3.2,setosa
            a3,6.3,3.3,versicolor
            a4,4.9,3.0,setosa
            """;

    private static Dataset read(String text, CsvOptions o) {
        return Csv.read(new StringReader(text), o);
    }

    @Test
    void stringClassesAreSortedAndKeptWithTheDataset() {
        Dataset d = read(IRIS, CsvOptions.defaults().target("species").classIndex().skip("id"));
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classLabels().get("y").names());
        assertArrayEquals(new float[] {2, 0, 1, 0}, d.array("y").toFloatVector());
        assertArrayEquals(new float[] {5.1f, 3.5f, 7.0f, 3.2f, 6.3f, 3.3f, 4.9f, 3.0f}, d.array("x").data().asFloat());
        Dataset oneHot = read(IRIS, CsvOptions.defaults().target("species").oneHot().skip("id"));
        assertArrayEquals(new long[] {4, 3}, oneHot.array("y").shape());
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0}, oneHot.array("y").data().asFloat());
        assertEquals(d.classLabels(), d.split(0.5, 1).train().classLabels());
        DescentException few = assertThrows(DescentException.class,
                () -> read(IRIS, CsvOptions.defaults().target("species").oneHot(2).skip("id")));
        assertTrue(few.getMessage().contains("3 classes") && few.getMessage().contains("oneHot(3)"), few.getMessage());
    }

    @Test
    void textColumnThatIsNotSkippedNamesTheFix() {
        DescentException e = assertThrows(DescentException.class, () -> read(IRIS, CsvOptions.defaults().target("species").classIndex()));
        assertTrue(e.getMessage().contains("line 2, column 1 (\"id\")") && e.getMessage().contains("\"a1\"")
                && e.getMessage().contains("skip(\"id\")"), e.getMessage());
    }

    @Test
    void featuresByNameRegexAndGlob() {
        String text = "px_1,px_2,other,px_3,label\n1,2,9,3,0\n4,5,9,6,1\n";
        assertArrayEquals(new float[] {3, 1, 6, 4}, read(text, CsvOptions.defaults().features("px_3", "px_1")).array("x").data().asFloat());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, read(text, CsvOptions.defaults().featuresMatching("px_\\d")).array("x").data().asFloat());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, read(text, CsvOptions.defaults().featuresGlob("px_?")).array("x").data().asFloat());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> read(text, CsvOptions.defaults().featuresGlob("q*")));
        assertTrue(none.getMessage().contains("No column") && none.getMessage().contains("px_1"), none.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> CsvOptions.defaults().featuresMatching("px_("));
        assertTrue(bad.getMessage().contains("Invalid feature pattern \"px_(\""), bad.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> CsvOptions.defaults().target("label").features("label"));
        assertTrue(twice.getMessage().contains("both target and feature"), twice.getMessage());
        IllegalArgumentException unknownSkip = assertThrows(IllegalArgumentException.class,
                () -> read(text, CsvOptions.defaults().skip("nope")));
        assertTrue(unknownSkip.getMessage().contains("\"nope\" not found"), unknownSkip.getMessage());
    }

    @Test
    void missingValues() {
        String text = "a,b,y\n1,,0\n3,4,1\n,8,1\nNA,6,0\n";
        DescentException e = assertThrows(DescentException.class, () -> read(text, CsvOptions.defaults()));
        assertTrue(e.getMessage().contains("line 2, column 2 (\"b\")") && e.getMessage().contains("missing value"), e.getMessage());
        DescentException na = assertThrows(DescentException.class, () -> read(text, CsvOptions.defaults().missing(Missing.DROP_ROW)));
        assertTrue(na.getMessage().contains("line 5, column 1") && na.getMessage().contains("\"NA\""), na.getMessage());
        Dataset dropped = read(text, CsvOptions.defaults().missing(Missing.DROP_ROW).missingMarkers("NA"));
        assertArrayEquals(new float[] {3, 4}, dropped.array("x").data().asFloat());
        // the class of a dropped row is no class of the dataset
        Dataset named = read("a,y\n1,cat\n,dog\n2,emu\n", CsvOptions.defaults().classIndex().missing(Missing.DROP_ROW));
        assertEquals(List.of("cat", "emu"), named.classLabels().get("y").names());
        Dataset filled = read(text, CsvOptions.defaults().missing(Missing.FILL_MEAN).missingMarkers("NA"));
        // a: mean of 1, 3 = 2; b: mean of 4, 8, 6 = 6
        assertArrayEquals(new float[] {1, 6, 3, 4, 2, 8, 2, 6}, filled.array("x").data().asFloat());
        DescentException target = assertThrows(DescentException.class,
                () -> read("a,y\n1,\n2,3\n", CsvOptions.defaults().missing(Missing.FILL_MEAN)));
        assertTrue(target.getMessage().contains("line 2, column 2") && target.getMessage().contains("cannot be filled"), target.getMessage());
    }

    @Test
    void rfc4180QuotingCrlfAndLineNumbers() {
        String text = "\"a\",\"b, with comma\",y\r\n\"1\",\"2\",\"x\"\"y\"\r\n\"3\r\nstill 3\",4,z\r\n5,6,\"w\"\r\n7,8\r\n";
        DescentException ragged = assertThrows(DescentException.class,
                () -> read(text, CsvOptions.defaults().target("y").classIndex().skip("a")));
        assertTrue(ragged.getMessage().contains("line 6 has 2 columns, but the header has 3"), ragged.getMessage());
        Dataset d = read(text.substring(0, text.indexOf("7,8")), CsvOptions.defaults().target("y").classIndex().skip("a"));
        // x"y (escaped quote), z, w (a quote at line end): sorted w, x"y, z
        assertEquals(List.of("w", "x\"y", "z"), d.classLabels().get("y").names());
        assertArrayEquals(new float[] {1, 2, 0}, d.array("y").toFloatVector());
        assertArrayEquals(new float[] {2, 4, 6}, d.array("x").data().asFloat());
        DescentException inQuotes = assertThrows(DescentException.class,
                () -> read(text.substring(0, text.indexOf("7,8")), CsvOptions.defaults().target("y").classIndex()));
        assertTrue(inQuotes.getMessage().contains("line 3, column 1") && inQuotes.getMessage().contains("still 3"), inQuotes.getMessage());
        DescentException open = assertThrows(DescentException.class, () -> read("a,b\n1,2\n3,\"4\n5,6\n", CsvOptions.defaults()));
        assertTrue(open.getMessage().contains("line 3: a quoted field opens here and is not closed"), open.getMessage());
    }

    @Test
    void byteOrderMarkAndGzipByNameOrContent(@TempDir Path dir) throws IOException {
        String text = "\uFEFFa,b\n1,2\n3,4\n";
        Dataset plain = read(text, CsvOptions.defaults().target("b"));
        assertArrayEquals(new float[] {1, 3}, plain.array("x").data().asFloat());
        Path gz = dir.resolve("data.csv.gz");
        Path disguised = dir.resolve("data.csv");
        for (Path p : new Path[] {gz, disguised}) {
            try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
            Dataset d = Csv.read(p, CsvOptions.defaults().target("b"));
            assertArrayEquals(new float[] {1, 3}, d.array("x").data().asFloat());
            assertArrayEquals(new float[] {2, 4}, d.array("y").data().asFloat());
        }
        Path fake = dir.resolve("fake.csv.gz");
        Files.writeString(fake, "a,b\n1,2\n");
        DescentException e = assertThrows(DescentException.class, () -> Csv.read(fake, CsvOptions.defaults()));
        assertTrue(e.getMessage().contains("not gzip data"), e.getMessage());
    }
}

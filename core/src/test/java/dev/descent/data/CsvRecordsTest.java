package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The row stream under both CSV loads: which lines become rows and with which line numbers, what is
 * dropped and counted, the bytes read for progress, the header's checks, the messages for files that
 * cannot be read, and that a file is closed after a load whether it succeeds or fails.
 */
class CsvRecordsTest {

    @Test
    void rowsComeWithTheLineTheyStartOnAndBlankLinesAreSkipped() {
        String text = "a,b,y\n1,2,3\n   \n\n\"4\n4\",5,6\n7,8,9\n";
        CsvRecords rows = CsvRecords.of(new StringReader(text), "t.csv",
                CsvOptions.defaults().missing(Missing.DROP_ROW).missingMarkers("4\n4"));
        float[] f = new float[2];
        float[] t = new float[1];
        assertTrue(rows.next(f, t));
        assertEquals(2, rows.line());
        assertArrayEquals(new float[] {1, 2, 3}, new float[] {f[0], f[1], t[0]});
        assertTrue(rows.next(f, t));
        // the quoted field of lines 5-6 is a missing marker: that row is dropped, the next is on line 7
        assertEquals(7, rows.line());
        assertArrayEquals(new float[] {7, 8, 9}, new float[] {f[0], f[1], t[0]});
        assertEquals(1, rows.dropped());
        assertFalse(rows.next(f, t));
        assertEquals(1, rows.dropped());
        assertEquals(0, rows.bytesRead(), "a reader has no file");
    }

    @Test
    void rowsDroppedForAMissingTargetOrFeatureAreCounted() {
        String text = "a,y\n1,\n,2\n3,4\n5,NA\n";
        CsvRecords rows = CsvRecords.of(new StringReader(text), "t.csv",
                CsvOptions.defaults().missing(Missing.DROP_ROW).missingMarkers("NA"));
        float[] f = new float[1];
        float[] t = new float[1];
        assertTrue(rows.next(f, t));
        assertEquals(4, rows.line());
        assertEquals(2, rows.dropped());
        assertFalse(rows.next(f, t));
        assertEquals(3, rows.dropped());
        Dataset d = Csv.read(new StringReader(text), CsvOptions.defaults().missing(Missing.DROP_ROW).missingMarkers("NA"));
        assertArrayEquals(new float[] {3}, d.array("x").data().asFloat());
        assertArrayEquals(new float[] {4}, d.array("y").data().asFloat());
        DescentException all = assertThrows(DescentException.class,
                () -> Csv.read(new StringReader("a,y\n1,\n,2\n"), CsvOptions.defaults().missing(Missing.DROP_ROW)));
        assertEquals("<reader>: every data row (2) has a missing value and was dropped", all.getMessage());
        DescentException target = assertThrows(DescentException.class, () -> Csv.read(new StringReader(text), CsvOptions.defaults()));
        assertEquals("<reader>: line 2, column 2 (\"y\"): missing value \"\" (use Missing.DROP_ROW to drop such rows)",
                target.getMessage());
    }

    @Test
    void onlyABlankLineIsSkippedNotARowOfOneField() {
        DescentException e = assertThrows(DescentException.class,
                () -> Csv.read(new StringReader("a,b\n1,2\n  \n3\n"), CsvOptions.defaults()));
        assertEquals("<reader>: line 4 has 1 columns, but the header has 2 (every row needs the same number of fields;"
                + " quote fields that contain the delimiter)", e.getMessage());
    }

    @Test
    void emptyInputAndHeaderChecks() {
        DescentException noHeader = assertThrows(DescentException.class,
                () -> Csv.read(new StringReader("\n\n"), CsvOptions.defaults().header(false)));
        assertEquals("<reader> is empty (no lines with content); expected data rows", noHeader.getMessage());
        DescentException withHeader = assertThrows(DescentException.class, () -> Csv.read(new StringReader(""), CsvOptions.defaults()));
        assertEquals("<reader> is empty (no lines with content); expected a header line followed by data rows", withHeader.getMessage());
        DescentException twice = assertThrows(DescentException.class,
                () -> Csv.read(new StringReader("\nx,a,b,a\n1,2,3,4\n"), CsvOptions.defaults()));
        assertEquals("<reader>: the header (line 2) names column \"a\" twice (columns 2 and 4); column names must be distinct",
                twice.getMessage());
    }

    @Test
    void parserErrorsNameTheLine() {
        DescentException junk = assertThrows(DescentException.class,
                () -> Csv.read(new StringReader("a,b\n1,2\n\"3\"x,4\n"), CsvOptions.defaults()));
        assertTrue(junk.getMessage().startsWith("<reader>: after line 3: Invalid char between encapsulated token and delimiter"),
                junk.getMessage());
    }

    @Test
    void bytesReadCountsTheFileAsItIsRead(@TempDir Path dir) throws IOException {
        StringBuilder text = new StringBuilder("a,y\n");
        for (int i = 0; i < 20_000; i++) {
            text.append(i).append(',').append(i % 7).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        Path plain = dir.resolve("big.csv");
        Files.write(plain, bytes);
        Path gz = dir.resolve("big.csv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(bytes);
        }
        for (Path p : List.of(plain, gz)) {
            long size = Files.size(p);
            try (CsvRecords rows = CsvRecords.open(p, CsvOptions.defaults())) {
                float[] f = new float[1];
                float[] t = new float[1];
                List<Long> seen = new ArrayList<>();
                while (rows.next(f, t)) {
                    seen.add(rows.bytesRead());
                }
                assertEquals(20_000, seen.size());
                assertEquals(19_999f, f[0]);
                // read in 64 KiB blocks: more than nothing at the first row, less than the file early on, all of it at the end
                assertTrue(seen.get(0) > 0 && seen.get(0) <= size, p + ": " + seen.get(0));
                assertEquals(size, rows.bytesRead(), p.toString());
                if (p == plain) {
                    assertTrue(seen.get(0) < size, "a " + size + "-byte file is read in blocks");
                }
            }
        }
    }

    @Test
    void filesThatCannotBeReadNameThePathAndTheReason(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("plain.csv");
        Files.writeString(file, "a,b\n1,2\n");
        Path under = file.resolve("x.csv");
        DescentException notDir = assertThrows(DescentException.class, () -> Csv.read(under, CsvOptions.defaults()));
        assertEquals("Cannot read CSV file " + under + ": " + under + ": Not a directory", notDir.getMessage());
        DescentException isDir = assertThrows(DescentException.class, () -> Csv.read(dir, CsvOptions.defaults()));
        assertEquals("Cannot read CSV file " + dir + ": Is a directory", isDir.getMessage());
        DescentException none = assertThrows(DescentException.class, () -> Csv.read(dir.resolve("none.csv"), CsvOptions.defaults()));
        assertEquals("Cannot read CSV file " + dir.resolve("none.csv") + ": no such file", none.getMessage());
    }

    @Test
    void bytesThatAreNotUtf8AreNamedWithTheFix(@TempDir Path dir) throws IOException {
        String fix = "it holds bytes that are not UTF-8 text; save it as UTF-8 (e.g. iconv -f latin1 -t utf-8 in.csv > out.csv)";
        Path small = dir.resolve("latin1.csv");
        Files.write(small, "a,b\n1,2\ncaf\u00e9,3\n".getBytes(StandardCharsets.ISO_8859_1));
        DescentException first = assertThrows(DescentException.class, () -> Csv.read(small, CsvOptions.defaults()));
        assertEquals("Cannot read CSV file " + small + ": " + fix, first.getMessage());
        // past the first block read, the parser meets the byte: the message says after which line
        StringBuilder text = new StringBuilder("a,b\n");
        for (int i = 0; i < 20_000; i++) {
            text.append(i).append(",1\n");
        }
        text.append("caf\u00e9,3\n");
        Path large = dir.resolve("latin1-large.csv");
        Files.write(large, text.toString().getBytes(StandardCharsets.ISO_8859_1));
        DescentException later = assertThrows(DescentException.class, () -> Csv.read(large, CsvOptions.defaults()));
        assertTrue(later.getMessage().matches(java.util.regex.Pattern.quote(large.toString()) + ": after line \\d+: "
                + java.util.regex.Pattern.quote(fix)), later.getMessage());
    }

    @Test
    void aFileIsClosedAfterALoadThatSucceedsOrFails(@TempDir Path dir) throws IOException {
        Path good = dir.resolve("good.csv");
        Files.writeString(good, "a,b\n1,2\n");
        Path empty = dir.resolve("empty.csv");
        Files.writeString(empty, "\n");
        Path fake = dir.resolve("fake.csv.gz");
        Files.writeString(fake, "a,b\n1,2\n");
        Path badGzip = dir.resolve("bad.csv");
        Files.write(badGzip, new byte[] {0x1f, (byte) 0x8b, 1, 2, 3});
        Path ragged = dir.resolve("ragged.csv");
        Files.writeString(ragged, "a,b\n1,2,3\n");
        Path names = dir.resolve("names.csv");
        Files.writeString(names, "a,b\n1,2\n");
        assertEquals(1, Csv.read(good, CsvOptions.defaults()).size());
        assertThrows(DescentException.class, () -> Csv.read(empty, CsvOptions.defaults()));
        assertThrows(DescentException.class, () -> Csv.read(fake, CsvOptions.defaults()));
        DescentException gz = assertThrows(DescentException.class, () -> Csv.read(badGzip, CsvOptions.defaults()));
        assertTrue(gz.getMessage().startsWith("Cannot read CSV file " + badGzip + ": "), gz.getMessage());
        assertThrows(DescentException.class, () -> Csv.read(ragged, CsvOptions.defaults()));
        assertThrows(IllegalArgumentException.class, () -> Csv.read(names, CsvOptions.defaults().target("nope")));
        assertEquals(List.of(), openFilesUnder(dir));
    }

    /** The files under {@code dir} that this JVM holds open (Linux: the links in /proc/self/fd). */
    private static List<Path> openFilesUnder(Path dir) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd (Linux)");
        List<Path> open = new ArrayList<>();
        try (Stream<Path> links = Files.list(fds)) {
            for (Path link : links.toList()) {
                try {
                    Path target = Files.readSymbolicLink(link);
                    if (target.startsWith(dir)) {
                        open.add(target);
                    }
                } catch (IOException gone) {
                    // closed meanwhile (such as the listing's own descriptor)
                }
            }
        }
        return open;
    }
}

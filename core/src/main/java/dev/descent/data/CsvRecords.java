package dev.descent.data;

import dev.descent.DescentException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.jspecify.annotations.Nullable;

/**
 * Streams the rows of one CSV source through Apache Commons CSV (RFC 4180: quoted fields with
 * delimiters, line breaks and {@code ""} escapes; CRLF or LF), one row at a time in constant memory.
 * Strips a UTF-8 byte order mark, reads gzip ({@code .gz} name or magic bytes), checks every row's
 * width and every used value, and applies the missing-value policy. Shared by the in-memory
 * {@link Csv} load and the file-backed {@link DatasetFiles#importCsv} so that both give the same bits.
 */
final class CsvRecords implements AutoCloseable {

    private final String source;
    private final CsvOptions options;
    private final CSVParser parser;
    private final Iterator<CSVRecord> it;
    private final @Nullable FileChannel file;
    private final Set<String> markers;
    private final CsvColumns columns;
    private final LabelTable labels;
    private final ColumnMeans means;
    private @Nullable CSVRecord pending;
    private long line;
    private boolean anyRow;
    private long dropped;

    private CsvRecords(BufferedReader br, String source, CsvOptions options, @Nullable FileChannel file) throws IOException {
        this.source = source;
        this.options = options;
        this.file = file;
        this.markers = new HashSet<>(options.missingMarkers());
        markers.add("");
        br.mark(1);
        if (br.read() != '\uFEFF') {
            br.reset();
        }
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(options.delimiter()).setIgnoreEmptyLines(true)
                .setTrim(true).setIgnoreSurroundingSpaces(true).build();
        this.parser = CSVParser.parse(br, format);
        this.it = parser.iterator();
        CSVRecord first = nextRecord();
        if (first == null) {
            throw new DescentException(source + " is empty (no lines with content); expected "
                    + (options.header() ? "a header line followed by " : "") + "data rows");
        }
        String[] names = null;
        if (options.header()) {
            names = first.values();
            Map<String, Integer> seen = new HashMap<>();
            for (int c = 0; c < names.length; c++) {
                Integer before = seen.put(names[c], c);
                if (before != null) {
                    throw new DescentException(source + ": the header (line " + line + ") names column \"" + names[c]
                            + "\" twice (columns " + (before + 1) + " and " + (c + 1) + "); column names must be distinct");
                }
            }
        } else {
            pending = first;
        }
        this.columns = CsvColumns.resolve(options, names, first.size(), source, line);
        this.labels = new LabelTable(source, columns.describe(columns.target()[0]), options);
        this.means = new ColumnMeans(columns.features().length);
    }

    /** Reads {@code path} as UTF-8, gunzipping it if its name ends in {@code .gz} or it starts with gzip's magic bytes. */
    static CsvRecords open(Path path, CsvOptions options) {
        FileChannel raw = null;
        try {
            raw = FileChannel.open(path);
            BufferedInputStream in = new BufferedInputStream(Channels.newInputStream(raw), 1 << 16);
            in.mark(2);
            boolean magic = in.read() == 0x1f && in.read() == 0x8b;
            in.reset();
            boolean gzName = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".gz");
            if (gzName && !magic) {
                throw new DescentException(path + " ends in .gz but is not gzip data (it does not start with gzip's magic bytes 1f 8b);"
                        + " rename it or compress it with gzip");
            }
            InputStream data = magic ? new GZIPInputStream(in, 1 << 16) : in;
            Reader reader = new InputStreamReader(data, StandardCharsets.UTF_8.newDecoder());
            return new CsvRecords(new BufferedReader(reader, 1 << 16), path.toString(), options, raw);
        } catch (NoSuchFileException e) {
            throw new DescentException("Cannot read CSV file " + path + ": no such file");
        } catch (IOException | UncheckedIOException e) {
            closeQuietly(raw);
            throw new DescentException("Cannot read CSV file " + path + ": " + reason(e), e);
        } catch (RuntimeException e) {
            closeQuietly(raw);
            throw e;
        }
    }

    /** Reads CSV text from {@code reader}; {@code source} names it in messages. */
    static CsvRecords of(Reader reader, String source, CsvOptions options) {
        try {
            return new CsvRecords(new BufferedReader(reader), source, options, null);
        } catch (IOException | UncheckedIOException e) {
            throw new DescentException("Cannot read CSV input " + source + ": " + reason(e), e);
        }
    }

    CsvColumns columns() {
        return columns;
    }

    LabelTable labels() {
        return labels;
    }

    ColumnMeans means() {
        return means;
    }

    /** The 1-based line where the last row returned by {@link #next} starts. */
    long line() {
        return line;
    }

    /** Rows dropped for missing values so far ({@link Missing#DROP_ROW}). */
    long dropped() {
        return dropped;
    }

    /** Bytes of the file read so far (compressed bytes for gzip; read ahead into buffers); 0 for a reader. */
    long bytesRead() {
        try {
            return file == null ? 0 : file.position();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the next row into {@code features} and {@code targets} (regression values; for a
     * class target, {@code targets[0]} is the label's first-seen id from {@link #labels()}).
     * Under {@link Missing#FILL_MEAN} a missing feature is NaN here, filled later from {@link #means()}.
     *
     * @return false after the last row
     * @throws DescentException for a ragged row, a malformed or (by default) missing value, naming the line
     */
    boolean next(float[] features, float[] targets) {
        while (true) {
            CSVRecord r = pending != null ? pending : nextRecord();
            pending = null;
            if (r == null) {
                if (!anyRow) {
                    throw new DescentException(dropped > 0 ? source + ": every data row (" + dropped + ") has a missing value and was dropped"
                            : source + " has a header but no data rows");
                }
                return false;
            }
            if (r.size() != columns.width()) {
                throw new DescentException(source + ": line " + line + " has " + r.size() + " columns, but "
                        + (options.header() ? "the header has " : "the first row has ") + columns.width()
                        + " (every row needs the same number of fields; quote fields that contain the delimiter)");
            }
            if (read(r, features, targets)) {
                anyRow = true;
                return true;
            }
            dropped++;
        }
    }

    private boolean read(CSVRecord r, float[] features, float[] targets) {
        int[] t = columns.target();
        for (int k = 0; k < t.length; k++) {
            String text = r.get(t[k]);
            if (markers.contains(text)) {
                if (options.missing() == Missing.DROP_ROW) {
                    return false;
                }
                throw missing(text, t[k], options.missing() == Missing.FILL_MEAN
                        ? "a missing target cannot be filled (use Missing.DROP_ROW to drop such rows)"
                        : "use Missing.DROP_ROW to drop such rows");
            }
            if (options.encoding() == Csv.LabelEncoding.REGRESSION) {
                targets[k] = number(text, t[k], "class names in the target need classIndex() or oneHot()");
            }
        }
        int[] f = columns.features();
        for (int k = 0; k < f.length; k++) {
            String text = r.get(f[k]);
            if (markers.contains(text)) {
                switch (options.missing()) {
                    case DROP_ROW -> {
                        return false;
                    }
                    case FILL_MEAN -> features[k] = Float.NaN;
                    default -> throw missing(text, f[k], "use Missing.DROP_ROW or Missing.FILL_MEAN, or skip the column");
                }
            } else {
                features[k] = number(text, f[k], "a text column that is not the target can be left out with skip(\""
                        + (columns.names() == null ? "name" : columns.names()[f[k]]) + "\")");
            }
        }
        // a class is registered only for a kept row, so a dropped row's class does not appear among the classes
        if (options.encoding() != Csv.LabelEncoding.REGRESSION) {
            targets[0] = labels.id(r.get(t[0]), line);
        }
        for (int k = 0; k < f.length; k++) {
            means.add(k, features[k]);
        }
        return true;
    }

    private @Nullable CSVRecord nextRecord() {
        try {
            CSVRecord r;
            do {
                if (!it.hasNext()) {
                    return null;
                }
                r = it.next();
            } while (r.size() == 1 && r.get(0).isEmpty()); // a line of blanks, skipped as an empty line
            long newlines = 0;
            for (String v : r.values()) {
                newlines += v.chars().filter(ch -> ch == '\n').count();
            }
            line = parser.getCurrentLineNumber() - newlines;
            return r;
        } catch (UncheckedIOException e) {
            String why = reason(e);
            java.util.regex.Matcher start = java.util.regex.Pattern.compile("\\(startline (\\d+)\\)").matcher(why);
            if (why.contains("EOF reached before encapsulated token finished") && start.find()) {
                throw new DescentException(source + ": line " + start.group(1) + ": a quoted field opens here and is not closed"
                        + " before the end of the file (check for a stray \" or a missing closing quote)", e);
            }
            throw new DescentException(source + ": after line " + parser.getCurrentLineNumber() + ": " + why, e);
        }
    }

    /** Why reading failed, in words (for a byte that is not UTF-8, Java says only "Input length = 1"). */
    private static String reason(Exception e) {
        Throwable io = e instanceof UncheckedIOException u ? u.getCause() : e;
        return io instanceof CharacterCodingException
                ? "it holds bytes that are not UTF-8 text; save it as UTF-8 (e.g. iconv -f latin1 -t utf-8 in.csv > out.csv)"
                : String.valueOf(io.getMessage());
    }

    private DescentException missing(String text, int c, String fix) {
        return new DescentException(source + ": line " + line + ", column " + columns.describe(c) + ": missing value \"" + text
                + "\" (" + fix + ")");
    }

    /** Parses one used cell: a plain decimal number ({@link CsvNumbers}) in float range. */
    private float number(String text, int c, String hint) {
        double v = CsvNumbers.parse(text);
        if (Double.isNaN(v)) {
            throw malformed(text, c, hint);
        }
        float f = (float) v;
        if (Float.isInfinite(f)) {
            throw new DescentException(source + ": line " + line + ", column " + columns.describe(c) + ": number out of float range \""
                    + text + "\"");
        }
        return f;
    }

    private DescentException malformed(String text, int c, String hint) {
        return new DescentException(source + ": line " + line + ", column " + columns.describe(c) + ": malformed number \"" + text
                + "\" (" + hint + ")");
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(@Nullable FileChannel in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // already failing with a better message
            }
        }
    }
}

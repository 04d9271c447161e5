package dev.descent.cli;

import dev.descent.DescentException;
import dev.descent.data.CsvOptions;
import dev.descent.data.DatasetFiles;
import dev.descent.data.Missing;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code descent data import FILE.csv[.gz] --out DIR}: streams a CSV file into a file-backed dataset
 * ({@link DatasetFiles#importCsv}) that {@code Dataset.open(DIR)} trains from. A bad file gets exit
 * status 1 and a one-line reason naming its line; nothing is left behind.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Convert a CSV file (RFC 4180; .csv.gz too) into a file-backed dataset folder: little-endian float32",
            "features x.f32 and targets y.f32, and dataset.json with names, class names, row count and checksums.",
            "Train from it with Dataset.open(DIR). Written atomically; exit status 1, with the line and the reason,",
            "for a bad file."})
final class DataImportCommand implements Callable<Integer> {
    /** Files smaller than this import in moments: no progress lines. */
    private static final long PROGRESS_BYTES = 16L << 20;

    @Parameters(paramLabel = "FILE", description = "the CSV file (a header line, then rows; gzip by name or content)")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "the dataset folder to create (must not exist)")
    Path out;

    @Option(names = "--target", paramLabel = "COLUMN", split = ",", description = "target column(s) by name (default: the last column)")
    List<String> target = new ArrayList<>();

    @Option(names = "--classes", description = "the target holds classes (indices 0, 1, ... or names, mapped in sorted order): y = class indices [N]")
    boolean classes;

    @Option(names = "--one-hot", description = "like --classes, but y one-hot encoded [N, k]")
    boolean oneHot;

    @Option(names = "--features", paramLabel = "COLUMN", split = ",", description = "feature columns by name, in this order (default: all others)")
    List<String> features = new ArrayList<>();

    @Option(names = "--features-glob", paramLabel = "GLOB", description = "feature columns whose names match, e.g. 'px_*'")
    String featuresGlob;

    @Option(names = "--skip", paramLabel = "COLUMN", split = ",", description = "columns to leave out (ids, text)")
    List<String> skip = new ArrayList<>();

    @Option(names = "--missing", paramLabel = "POLICY", defaultValue = "error",
            description = "missing values: error (default; names line and column), drop (the row) or mean (fill with the column's mean)")
    String missing;

    @Option(names = "--na", paramLabel = "TEXT", split = ",", description = "cell texts that mean missing besides the empty cell, e.g. NA")
    List<String> na = new ArrayList<>();

    @Option(names = "--delimiter", paramLabel = "CHAR", defaultValue = ",", description = "field separator (default ','; 'tab' for a tab)")
    String delimiter;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter outText = spec.commandLine().getOut();
        try {
            CsvOptions o = options();
            long start = System.nanoTime();
            long[] lastPrint = {start};
            DatasetFiles.Imported done = DatasetFiles.importCsv(file, out, o, (rows, read, total) -> {
                long now = System.nanoTime();
                if (total >= PROGRESS_BYTES && now - lastPrint[0] > 1_000_000_000L && read < total) {
                    lastPrint[0] = now;
                    err.printf(Locale.ROOT, "descent data import: %,d rows, %.0f%% of %,d MB%n", rows, 100.0 * read / total, total >> 20);
                    err.flush();
                }
            });
            outText.printf(Locale.ROOT, "%s: %,d rows, %d features%s%s%s (%.1f s)%n", done.dir(), done.rows(), done.features().size(),
                    done.features().size() <= 8 ? " " + done.features() : "",
                    done.classes() != null ? ", classes " + done.classes().names() : "",
                    done.dropped() > 0 ? ", " + done.dropped() + " rows with missing values dropped" : "",
                    (System.nanoTime() - start) / 1e9);
            outText.flush();
            return 0;
        } catch (DescentException | IllegalArgumentException e) {
            err.println("descent data import: " + e.getMessage().replace('\n', ' '));
            err.flush();
            return 1;
        }
    }

    private CsvOptions options() {
        CsvOptions o = CsvOptions.defaults();
        if ("tab".equals(delimiter) || "\\t".equals(delimiter)) {
            o = o.delimiter('\t');
        } else if (delimiter.length() == 1) {
            o = o.delimiter(delimiter.charAt(0));
        } else {
            throw new IllegalArgumentException("Invalid --delimiter: '" + delimiter + "' (one character, or 'tab')");
        }
        if (!target.isEmpty()) {
            o = o.target(target.toArray(new String[0]));
        }
        if (classes && oneHot) {
            throw new IllegalArgumentException("--classes and --one-hot exclude each other; choose one");
        }
        o = oneHot ? o.oneHot() : classes ? o.classIndex() : o;
        if (!features.isEmpty()) {
            o = o.features(features.toArray(new String[0]));
        }
        if (featuresGlob != null) {
            o = o.featuresGlob(featuresGlob);
        }
        o = o.skip(skip.toArray(new String[0])).missingMarkers(na.toArray(new String[0]));
        return o.missing(switch (missing) {
            case "error" -> Missing.ERROR;
            case "drop" -> Missing.DROP_ROW;
            case "mean" -> Missing.FILL_MEAN;
            default -> throw new IllegalArgumentException("Invalid --missing: '" + missing + "' (one of error, drop, mean)");
        });
    }
}

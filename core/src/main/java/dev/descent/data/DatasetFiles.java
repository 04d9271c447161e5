package dev.descent.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.DescentException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * File-backed datasets, for data larger than memory: {@link #importCsv} converts a CSV file once,
 * streaming (constant memory), into a folder; {@link #open} maps it back as a {@link Dataset} whose
 * arrays live in the files, not on the Java heap, and trains with every sampler exactly as the same
 * CSV read by {@link Csv} in memory (the same parser and the same bits).
 *
 * <p>The folder holds {@code x.f32} (features, little-endian float32, C order {@code [N, d]}),
 * {@code y.f32} (the target as {@link Csv} encodes it) and {@code dataset.json} (format, version,
 * row count, source, feature and target names, each array's file, shape and CRC-32C, and the
 * class names when the labels were names). The import writes into a hidden temporary folder beside
 * the target and renames it into place at the end, so an error or a kill leaves nothing half-done
 * (a kill leaves that hidden {@code .DIR.*.tmp} folder, which the next import to {@code DIR} removes);
 * an existing target is refused.
 *
 * <p>{@link #open} checks every file's size and checksum (one sequential read), then, on the CPU
 * backend, maps the files copy-on-write: pages are read on demand and the operating system evicts
 * them under memory pressure; writing to an array changes memory only, never the file. Each array
 * is limited to 2 GiB (a Java memory map's limit and the batch gatherer's): {@code 536,870,911}
 * floats, e.g. 5 million rows of 100 features; split larger data into several datasets. Elsewhere
 * (the portable path, or files that cannot be opened for writing, which a copy-on-write map needs)
 * the arrays are read into ND4J memory.
 *
 * <pre>{@code
 * DatasetFiles.importCsv(Path.of("big.csv.gz"), Path.of("big-data"), CsvOptions.defaults().target("label").classIndex(), null);
 * Dataset big = Dataset.open(Path.of("big-data"));
 * model.fit(big, t -> t.miniBatch(256).seed(1).epochs(3));
 * }</pre>
 */
public final class DatasetFiles {

    static final String FORMAT = "descent-dataset";
    static final int VERSION = 1;
    static final String HEADER = "dataset.json";
    /** Largest array a dataset file may hold (bytes). */
    static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PROGRESS_ROWS = 1 << 16;

    private DatasetFiles() {
    }

    /** Told during an import every 65,536 rows: rows written so far, bytes of the file read, its size. */
    @FunctionalInterface
    public interface Progress {
        void update(long rows, long bytesRead, long totalBytes);
    }

    /**
     * What an import wrote.
     *
     * @param dir the dataset folder
     * @param rows data rows written
     * @param dropped rows dropped for missing values ({@link Missing#DROP_ROW})
     * @param features the feature columns' names, in order
     * @param classes the class names, or null when the target was numeric
     */
    public record Imported(Path dir, long rows, long dropped, List<String> features, @Nullable ClassLabels classes) {
    }

    /**
     * Converts {@code csv} (read as {@link Csv#read(Path, CsvOptions)} reads it) into the dataset folder
     * {@code dir}, streaming.
     *
     * @param progress told every 65,536 rows; null for none
     * @throws DescentException if {@code dir} exists, or the file is bad (the message names its line and
     *     the reason); then nothing is left behind
     */
    public static Imported importCsv(Path csv, Path dir, CsvOptions options, @Nullable Progress progress) {
        return importCsv(csv, dir, options, progress, MAX_ARRAY_BYTES);
    }

    /** {@link #importCsv(Path, Path, CsvOptions, Progress)} with a lower limit on the feature array's bytes (tests). */
    static Imported importCsv(Path csv, Path dir, CsvOptions options, @Nullable Progress progress, long maxArrayBytes) {
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target)) {
            throw new DescentException("Cannot import into " + dir + ": it already exists (choose another folder or delete it)");
        }
        Path parent = target.getParent();
        String prefix = "." + target.getFileName() + ".";
        Path tmp = parent.resolve(prefix + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        try {
            Files.createDirectories(parent);
            removeLeftovers(parent, prefix);
            Files.createDirectory(tmp);
            Imported done = write(csv, tmp, options, progress, target, maxArrayBytes);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            return done;
        } catch (NoSuchFileException e) {
            deleteQuietly(tmp);
            throw new DescentException("Cannot read CSV file " + csv + ": no such file", e);
        } catch (FileAlreadyExistsException e) {
            deleteQuietly(tmp);
            // the target, made by someone else during the import, or a file where a parent folder must go
            throw new DescentException("Cannot import into " + dir + ": " + e.getFile() + " already exists (choose another folder or delete it)", e);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new DescentException("Cannot import " + csv + " into " + dir + ": " + e, e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp);
            throw e;
        }
    }

    private static Imported write(Path csv, Path tmp, CsvOptions options, @Nullable Progress progress, Path target,
            long maxArrayBytes) throws IOException {
        long total = Files.size(csv);
        boolean classes = options.encoding() != Csv.LabelEncoding.REGRESSION;
        Path xFile = tmp.resolve("x.f32");
        Path yFile = tmp.resolve("y.f32");
        Path idFile = tmp.resolve("y.ids");
        long rows = 0;
        CsvColumns cols;
        LabelTable labels;
        float[] means;
        long dropped;
        try (CsvRecords in = CsvRecords.open(csv, options);
                FloatFile x = new FloatFile(xFile);
                FloatFile y = new FloatFile(classes ? idFile : yFile)) {
            cols = in.columns();
            int d = cols.features().length;
            float[] f = new float[d];
            float[] t = new float[cols.target().length];
            while (in.next(f, t)) {
                if ((x.floats() + d) * 4 > maxArrayBytes) {
                    throw new DescentException(csv + ": line " + in.line() + ": " + (rows + 1) + " rows of " + d + " features pass "
                            + maxArrayBytes + " bytes, the limit of one dataset array; split the file into parts of at most "
                            + (maxArrayBytes / 4 / d) + " rows");
                }
                x.write(f, d);
                y.write(t, t.length);
                rows++;
                if (progress != null && rows % PROGRESS_ROWS == 0) {
                    progress.update(rows, in.bytesRead(), total);
                }
            }
            labels = in.labels();
            means = in.means().means();
            dropped = in.dropped();
            if (progress != null) {
                progress.update(rows, total, total);
            }
        }
        if (options.missing() == Missing.FILL_MEAN) {
            CsvColumns c = cols;
            FloatFile.rewrite(xFile, (chunk, n, first) -> ColumnMeans.fill(chunk, 0, n, first, means, csv.toString(), c));
        }
        long[] yShape;
        ClassLabels names = null;
        if (classes) {
            LabelTable.Resolved r = labels.resolve();
            names = r.labels();
            int w = r.width(options.encoding());
            try (FloatFile y = new FloatFile(yFile)) {
                float[] out = new float[w];
                FloatFile.read(idFile, (chunk, n, first) -> {
                    for (int i = 0; i < n; i++) {
                        r.encode((int) chunk[i], options.encoding(), out, 0);
                        try {
                            y.write(out, w);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            Files.delete(idFile);
            yShape = options.encoding() == Csv.LabelEncoding.ONE_HOT ? new long[] {rows, w} : new long[] {rows};
        } else {
            yShape = new long[] {rows, cols.target().length};
        }
        ObjectNode h = JSON.createObjectNode();
        h.put("format", FORMAT);
        h.put("version", VERSION);
        h.put("rows", rows);
        h.put("source", csv.getFileName().toString());
        cols.featureNames().forEach(h.putArray("features")::add);
        cols.targetNames().forEach(h.putArray("target")::add);
        h.put("encoding", options.encoding().name());
        ObjectNode arrays = h.putObject("arrays");
        describe(arrays.putObject("x"), xFile, new long[] {rows, cols.features().length});
        describe(arrays.putObject("y"), yFile, yShape);
        if (names != null) {
            h.putObject("classLabels").set("y", JSON.readTree(names.toJson()));
        }
        // the folder is renamed into place only after this, so a plain write (forced to disk) suffices
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp.resolve(HEADER),
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(h));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        return new Imported(target, rows, dropped, cols.featureNames(), names);
    }

    private static void describe(ObjectNode a, Path file, long[] shape) throws IOException {
        a.put("file", file.getFileName().toString());
        a.put("dtype", "float32");
        ArrayNode s = a.putArray("shape");
        for (long v : shape) {
            s.add(v);
        }
        a.put("crc32c", FloatFile.checksum(file));
    }

    /**
     * Opens a dataset folder written by {@link #importCsv}: checks the header, every file's size and
     * checksum, then maps the arrays (see the class comment).
     *
     * @throws DescentException if the folder or a file is missing, or a file does not match its header
     */
    public static Dataset open(Path dir) {
        Path headerFile = dir.resolve(HEADER);
        JsonNode h;
        try {
            h = JSON.readTree(Files.readAllBytes(headerFile));
        } catch (NoSuchFileException e) {
            throw new DescentException(dir + " is not a Descent dataset: " + headerFile + " is missing (import a CSV with"
                    + " ./descent data import FILE.csv --out " + dir + ")");
        } catch (IOException e) {
            throw new DescentException("Cannot read " + headerFile + ": " + e.getMessage(), e);
        }
        if (!FORMAT.equals(h.path("format").asText()) || h.path("version").asInt() != VERSION) {
            throw new DescentException(headerFile + " has format '" + h.path("format").asText() + "' version "
                    + h.path("version").asText() + "; this library reads format '" + FORMAT + "' version " + VERSION);
        }
        long rows = h.path("rows").asLong(-1);
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : iterable(h.path("arrays"))) {
            JsonNode a = e.getValue();
            String fileName = a.path("file").asText();
            Path base = dir.toAbsolutePath().normalize();
            Path file = base.resolve(fileName).normalize();
            if (!base.equals(file.getParent()) || !"float32".equals(a.path("dtype").asText())) {
                throw new DescentException(headerFile + ": array '" + e.getKey() + "' has file '" + fileName + "' and dtype '"
                        + a.path("dtype").asText() + "'; expected a float32 file inside the folder");
            }
            List<Long> shape = new ArrayList<>();
            a.path("shape").forEach(n -> shape.add(n.asLong()));
            long[] dims = shape.stream().mapToLong(Long::longValue).toArray();
            if (dims.length == 0 || dims[0] != rows) {
                throw new DescentException(headerFile + ": array '" + e.getKey() + "' has shape " + shape + " but the dataset has "
                        + rows + " rows");
            }
            arrays.put(e.getKey(), MappedArrays.map(file, dims, a.path("crc32c").asText()));
        }
        if (arrays.isEmpty()) {
            throw new DescentException(headerFile + " lists no arrays");
        }
        Map<String, ClassLabels> labels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : iterable(h.path("classLabels"))) {
            labels.put(e.getKey(), ClassLabels.fromJson(e.getValue(), headerFile.toString()));
        }
        return new ArrayDataset(arrays, labels);
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        node.fields().forEachRemaining(out::add);
        return out;
    }

    /** Removes the temporary folders of earlier imports to the same target that were killed before their rename. */
    private static void removeLeftovers(Path parent, String prefix) throws IOException {
        try (DirectoryStream<Path> found = Files.newDirectoryStream(parent, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(".tmp") && Files.isDirectory(p);
        })) {
            for (Path p : found) {
                deleteQuietly(p);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        // a folder that was never created fails to open here, which is ignored like any failure
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // best effort: the failure that brought us here is reported
        }
    }
}

package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.ChildProcesses;
import dev.descent.DescentException;
import dev.descent.ForksAProcess;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.data.Csv;
import dev.descent.data.CsvOptions;
import dev.descent.data.Dataset;
import dev.descent.data.DatasetFiles;
import dev.descent.data.Missing;
import dev.descent.data.Rng;
import dev.descent.store.TestModels;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** File-backed datasets: the import, its checks, and training from them as from the same CSV in memory. */
class FileDatasetTrainingTest {

    /** 61 rows: 4 features (one cell missing), 2 targets, an id column to skip. */
    private static Path csv(Path dir) throws IOException {
        Rng rng = new Rng(99);
        StringBuilder s = new StringBuilder("id,x1,x2,x3,x4,t1,t2\n");
        for (int i = 0; i < 61; i++) {
            s.append("r").append(i);
            for (int j = 0; j < 6; j++) {
                s.append(',').append(i == 17 && j == 2 ? "" : Float.toString((float) rng.nextGaussian()));
            }
            s.append('\n');
        }
        Path f = dir.resolve("train.csv");
        Files.writeString(f, s);
        return f;
    }

    private static final CsvOptions OPTIONS = CsvOptions.defaults().target("t1", "t2").skip("id").missing(Missing.FILL_MEAN);

    @Test
    void everySamplerTrainsToTheBitsOfTheInMemoryDataset(@TempDir Path dir) throws IOException {
        Path f = csv(dir);
        Dataset memory = Csv.read(f, OPTIONS);
        DatasetFiles.Imported imported = DatasetFiles.importCsv(f, dir.resolve("ds"), OPTIONS, null);
        assertEquals(61, imported.rows());
        assertEquals(List.of("x1", "x2", "x3", "x4"), imported.features());
        Dataset file = Dataset.open(dir.resolve("ds"));
        assertArrayEquals(memory.array("x").data().asFloat(), file.array("x").data().asFloat());
        assertArrayEquals(memory.array("y").data().asFloat(), file.array("y").data().asFloat());
        assertArrayEquals(memory.array("y").shape(), file.array("y").shape());
        List<Batching> batchings = List.of(Batching.fullBatch(), Batching.singleSample(3), Batching.miniBatch(8).seed(5),
                Batching.miniBatch(8).seed(2).withReplacement(true), Batching.miniBatch(7).shuffle(false).dropLast(true),
                Batching.replay(List.of(new int[] {3, 1, 60}, new int[] {7, 7})));
        for (Batching b : batchings) {
            assertEquals(train(memory, b), train(file, b), b.describe());
        }
    }

    private static List<String> train(Dataset data, Batching batching) {
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(1))) {
            History h = Trainer.create(m, TrainingPlan.builder().optimizer(TestModels.sgd()).batching(batching).steps(25).build()).fit(data);
            List<String> out = new ArrayList<>();
            h.steps().forEach(s -> out.add(Double.toString(s.loss())));
            out.add(TestModels.hash(m.parameters()));
            return out;
        }
    }

    @Test
    void stringClassesBadFilesAndDamage(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("iris.csv.gz");
        try (Writer w = new InputStreamWriterGzip(f).writer()) {
            w.write("a,b,species\n1,2,virginica\n3,4,setosa\n5,6,virginica\n");
        }
        CsvOptions classes = CsvOptions.defaults().target("species").classIndex();
        DatasetFiles.Imported imported = DatasetFiles.importCsv(f, dir.resolve("iris"), classes, null);
        assertEquals(List.of("setosa", "virginica"), imported.classes().names());
        Dataset d = Dataset.open(dir.resolve("iris"));
        assertEquals(List.of("setosa", "virginica"), d.classLabels().get("y").names());
        assertArrayEquals(new float[] {1, 0, 1}, d.array("y").toFloatVector());
        assertArrayEquals(Csv.read(f, classes.oneHot()).array("y").data().asFloat(),
                Dataset.open(importAgain(f, dir.resolve("iris1h"), classes.oneHot())).array("y").data().asFloat());

        // a killed import's temporary folder is removed by the next import to the same target
        Path leftover = Files.createDirectories(dir.resolve(".again.0123.tmp"));
        Files.writeString(leftover.resolve("x.f32"), "partial");
        importAgain(f, dir.resolve("again"), classes);
        assertFalse(Files.exists(leftover));
        assertEquals(3, Dataset.open(dir.resolve("iris").resolve("..").resolve("again")).size());

        DescentException exists = assertThrows(DescentException.class, () -> DatasetFiles.importCsv(f, dir.resolve("iris"), classes, null));
        assertTrue(exists.getMessage().contains("already exists"), exists.getMessage());

        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "a,b\n1,2\n3,x\n");
        DescentException e = assertThrows(DescentException.class, () -> DatasetFiles.importCsv(bad, dir.resolve("bad"), CsvOptions.defaults(), null));
        assertTrue(e.getMessage().contains("line 3, column 2"), e.getMessage());
        try (Stream<Path> left = Files.list(dir)) {
            List<String> names = left.map(p -> p.getFileName().toString()).sorted().toList();
            assertFalse(names.stream().anyMatch(n -> n.startsWith(".") || n.equals("bad")), names.toString());
        }

        Path y = dir.resolve("iris").resolve("y.f32");
        byte[] bytes = Files.readAllBytes(y);
        bytes[0] ^= 1;
        Files.write(y, bytes);
        DescentException damaged = assertThrows(DescentException.class, () -> Dataset.open(dir.resolve("iris")));
        assertTrue(damaged.getMessage().contains("CRC-32C") && damaged.getMessage().contains("y.f32"), damaged.getMessage());
        DescentException notADataset = assertThrows(DescentException.class, () -> Dataset.open(dir));
        assertTrue(notADataset.getMessage().contains("dataset.json is missing"), notADataset.getMessage());
    }

    private static Path importAgain(Path csv, Path dir, CsvOptions o) {
        return DatasetFiles.importCsv(csv, dir, o, null).dir();
    }

    /** A gzip writer over a file. */
    private record InputStreamWriterGzip(Path file) {
        Writer writer() throws IOException {
            return new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8);
        }
    }

    /**
     * A JVM with a 64 MiB heap imports a ~120 MB CSV into a ~80 MB feature file (larger than its
     * heap) and trains a linear model from it, mini-batch, over every row.
     */
    @Test
    @ForksAProcess
    void trainsOnADatasetLargerThanTheHeap(@TempDir Path dir) throws Exception {
        // the memory map is the fast path's (the portable path reads arrays into ND4J memory); the
        // portable-path execution of this class would only run the same child again
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.descent.ExecutionPath.hostBuffers(), "fast path only");
        Path f = dir.resolve("big.csv");
        Rng rng = new Rng(5);
        int rows = 640_000;
        int d = 32;
        try (Writer w = Files.newBufferedWriter(f)) {
            for (int j = 0; j < d; j++) {
                w.write("f" + j + ",");
            }
            w.write("y\n");
            for (int i = 0; i < rows; i++) {
                double y = 0;
                for (int j = 0; j < d; j++) {
                    int v = (int) (rng.nextDouble() * 1000);
                    y += (j % 2 == 0 ? 1 : -1) * v / 1000.0;
                    w.write(v < 10 ? "0.00" : v < 100 ? "0.0" : "0.");
                    w.write(Integer.toString(v));
                    w.write(',');
                }
                w.write(Double.toString(y));
                w.write('\n');
            }
        }
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), LargerThanHeap.class.getName(), f.toString(), dir.resolve("big").toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        Process p = ChildProcesses.start(pb);
        List<String> lines = new ArrayList<>();
        try {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            }
            assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the child JVM did not finish");
            assertEquals(0, p.exitValue(), String.join("\n", lines));
        } finally {
            p.destroyForcibly();
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
            }
        }
        String result = lines.stream().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow(() -> new AssertionError(lines));
        String[] v = result.split(" ");
        long heap = Long.parseLong(v[1]);
        long xBytes = Long.parseLong(v[2]);
        double first = Double.parseDouble(v[3]);
        double last = Double.parseDouble(v[4]);
        assertTrue(xBytes > heap, "feature file " + xBytes + " bytes vs heap " + heap);
        assertEquals((long) rows * d * 4, xBytes);
        assertTrue(last < first / 10, result);
    }

    /** The child: import, open, train one epoch of mini-batches of 1024; prints heap, file size, first and last loss. */
    public static final class LargerThanHeap {
        public static void main(String[] args) throws Exception {
            Path out = Path.of(args[1]);
            DatasetFiles.importCsv(Path.of(args[0]), out, CsvOptions.defaults().target("y"), (r, read, total) -> { });
            Dataset data = Dataset.open(out);
            dev.descent.graph.Expr x = dev.descent.graph.Ops.input("x", dev.descent.graph.Shape.ANY, 32);
            dev.descent.graph.Expr y = dev.descent.graph.Ops.input("y", dev.descent.graph.Shape.ANY, 1);
            dev.descent.graph.Expr w = dev.descent.graph.Ops.param("w", org.nd4j.linalg.factory.Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 32, 1));
            dev.descent.graph.Expr pred = x.matmul(w);
            dev.descent.graph.ModelGraph g = dev.descent.graph.ModelGraph.builder().output("pred", pred)
                    .loss(dev.descent.graph.Ops.mean(dev.descent.graph.Ops.square(pred.minus(y)))).build();
            try (CompiledModel m = GraphCompiler.compile(g)) {
                History h = Trainer.create(m, TrainingPlan.builder().optimizer(dev.descent.optim.Sgd.builder().lr(0.02).momentum(0.9).build())
                        .batching(Batching.miniBatch(1024).seed(1)).epochs(1).build()).fit(data);
                INDArray unused = data.array("x");
                System.out.println("RESULT " + Runtime.getRuntime().maxMemory() + " " + Files.size(out.resolve("x.f32")) + " "
                        + h.steps().get(0).loss() + " " + h.steps().get(h.steps().size() - 1).loss() + " " + unused.size(0));
            }
        }
    }
}

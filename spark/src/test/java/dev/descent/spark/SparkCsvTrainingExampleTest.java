package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.spark.examples.SparkCsvTraining;
import dev.descent.store.ModelFile;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkCsvTrainingExampleTest {

    @Test
    void recoversTheLineFromACsvFile(@TempDir Path dir) {
        SparkSession spark = SparkSession.builder().sparkContext(Fixtures.sc().sc()).getOrCreate();
        // the input is a Hadoop URI; the example writes its points there when nothing is there yet
        String csv = dir.resolve("points.csv").toUri().toString();
        assertTrue(SparkCsvTraining.writeExampleIfAbsent(spark, csv, 400, 3));
        assertFalse(SparkCsvTraining.writeExampleIfAbsent(spark, csv, 400, 3), "written twice");
        SparkCsvTraining.Result r = SparkCsvTraining.run(spark, csv, 6, dir.resolve("points.ckpt").toUri().toString());
        // one small file, read as one partition, spread over spark.default.parallelism (local[2,2]: 2)
        assertEquals(Fixtures.sc().defaultParallelism(), r.partitions());
        assertEquals(2, r.partitions());
        assertTrue(r.steps().stream().anyMatch(s -> s.busyPartitions() == 2));
        assertEquals(6, r.history().epochs().size());
        assertEquals(6 * 13, r.history().steps().size()); // 400 samples in batches of 32: 13 per epoch
        Map<String, float[]> p = r.parameters();
        float[] w = p.values().stream().filter(v -> v.length == 2).findFirst().orElseThrow();
        float[] b = p.values().stream().filter(v -> v.length == 1).findFirst().orElseThrow();
        assertEquals(3.0, w[0], 0.05);
        assertEquals(-2.0, w[1], 0.05);
        assertEquals(0.5, b[0], 0.05);
        assertTrue(r.history().finalLoss() < 0.05, "final loss " + r.history().finalLoss());
        // the final checkpoint holds the finished run
        ModelFile.SavedModel ckpt = ModelFile.load(dir.resolve("points.ckpt"));
        assertEquals("checkpoint", ckpt.kind());
        assertEquals(78, ckpt.header().path("training").path("step").asLong());
        assertEquals("spark", ckpt.metadata().get("trainer"));
    }
}

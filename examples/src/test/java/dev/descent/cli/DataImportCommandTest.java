package dev.descent.cli;

import static dev.descent.cli.CliRun.cli;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code descent data import}: a dataset folder from a CSV; exit 1 with the line and reason for a bad file, nothing left. */
class DataImportCommandTest {
    @TempDir
    Path dir;

    @Test
    void importsAndTheDatasetOpens() throws Exception {
        Path csv = dir.resolve("iris.csv");
        Files.writeString(csv, "id,a,b,species\nx1,1,2,virginica\nx2,3,NA,setosa\nx3,5,6,virginica\n");
        Object[] r = cli("data", "import", csv.toString(), "--out", dir.resolve("iris").toString(), "--target", "species",
                "--classes", "--skip", "id", "--missing", "drop", "--na", "NA");
        assertEquals(0, r[0], r[2].toString());
        assertTrue(r[1].toString().contains("2 rows, 2 features [a, b], classes [virginica]"), r[1].toString());
        Dataset d = Dataset.open(dir.resolve("iris"));
        assertArrayEquals(new float[] {1, 2, 5, 6}, d.array("x").data().asFloat());
        assertEquals(List.of("virginica"), d.classLabels().get("y").names());
    }

    @Test
    void aBadFileIsRefusedWithItsLineAndNothingIsLeft() throws Exception {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "a,b\n1,2\n3,4,5\n");
        Object[] r = cli("data", "import", csv.toString(), "--out", dir.resolve("bad").toString());
        assertEquals(1, r[0]);
        assertTrue(r[2].toString().contains("line 3 has 3 columns"), r[2].toString());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("bad.csv"), files.map(p -> p.getFileName().toString()).toList());
        }
        Object[] missing = cli("data", "import", dir.resolve("none.csv").toString(), "--out", dir.resolve("x").toString());
        assertEquals(1, missing[0]);
        assertTrue(missing[2].toString().contains("none.csv") && missing[2].toString().contains("no such file"), missing[2].toString());
        Object[] policy = cli("data", "import", csv.toString(), "--out", dir.resolve("y").toString(), "--missing", "zero");
        assertEquals(1, policy[0]);
        assertTrue(policy[2].toString().contains("Invalid --missing: 'zero'"), policy[2].toString());
        assertFalse(Files.exists(dir.resolve("y")));
    }

    @Test
    void helpListsDataImport() {
        Object[] r = cli("--help");
        assertTrue(r[1].toString().contains("data"), r[1].toString());
        Object[] d = cli("data", "import", "--help");
        assertTrue(d[1].toString().contains("--out") && d[1].toString().contains("--target"), d[1].toString());
    }
}

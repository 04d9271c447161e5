package dev.descent.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.ForksAProcess;
import dev.descent.GoldenFiles;
import dev.descent.GoldenGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * golden/generate/make_sgd.py, run against the installed torch, writes the committed file's cases,
 * and our SGD replays every one of its fresh trajectories: the generator and our implementation
 * checked against torch itself, not only against the copied golden/torch-sgd.json.
 */
@ForksAProcess
class GoldenGeneratorTest {
    /** The fields that define a case (its model, data size, loss, optimizer), not its measured values. */
    private static final Set<String> SETTINGS = Set.of("kind", "n", "slope", "intercept", "wobble", "w0", "b0",
            "loss", "optimizer", "batch_size", "no_bias", "groups", "a0", "steps", "dims", "activation");

    @TempDir
    static Path out;
    private static JsonNode regenerated;

    /** Per test, not per class: surefire then lists each test as skipped, with the install hint. */
    @BeforeEach
    void regenerateOnce() throws IOException {
        GoldenGenerator.assumeTorch();
        if (regenerated == null) {
            Path file = GoldenGenerator.generate("make_sgd.py", "torch-sgd.json", out);
            regenerated = new ObjectMapper().readTree(file.toFile());
        }
    }

    @Test
    void writesTheCommittedCasesWithTheirSettings() throws IOException {
        JsonNode committed = new ObjectMapper().readTree(GoldenFiles.golden("torch-sgd.json").toFile());
        JsonNode oldCases = committed.path("cases");
        JsonNode newCases = regenerated.path("cases");
        GoldenGenerator.assertSameCases("torch-sgd.json", oldCases, newCases, SETTINGS);
        for (int i = 0; i < oldCases.size(); i++) {
            JsonNode old = oldCases.get(i);
            JsonNode fresh = newCases.get(i);
            String name = old.path("name").asText();
            assertEquals(old.path("trajectory").size(), fresh.path("trajectory").size(), name + ": steps");
            assertEquals(old.path("batches").size(), fresh.path("batches").size(), name + ": batches");
        }
        assertTrue(regenerated.path("source").asText().endsWith("golden/generate/make_sgd.py"),
                () -> "source names the script: " + regenerated.path("source"));
    }

    @Test
    void seedCasesTakeTheProjectsKnownSteps() {
        // the project's source material: w = 100 -> 99.8020 on x = y = 1, -> 92.3770 on x = y = 1..10
        assertEquals(99.8020, finalW("seed-single-sample"), 1e-4);
        assertEquals(92.3770, finalW("seed-batch-of-ten"), 1e-4);
    }

    @TestFactory
    Stream<DynamicTest> ourSgdReplaysEveryRegeneratedCase() {
        return StreamSupport.stream(regenerated.path("cases").spliterator(), false)
                .map(c -> dynamicTest(c.path("name").asText(), () -> GoldenSgdTest.assertReplays(c)));
    }

    private static double finalW(String caseName) {
        for (JsonNode c : regenerated.path("cases")) {
            if (c.path("name").asText().equals(caseName)) {
                JsonNode trajectory = c.path("trajectory");
                return trajectory.get(trajectory.size() - 1).path("w").asDouble();
            }
        }
        throw new AssertionError("no case " + caseName + " in the regenerated file");
    }
}

package dev.descent.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.GoldenGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * golden/generate/make_ops.py, run against the installed torch, writes the committed
 * torch-ops.json's cases, and our losses and activations reproduce its fresh values and gradients
 * (the same per-case check as {@link GoldenOpsTest}).
 */
class RegeneratedOpsTest {
    /** The fields that say which function a case computes, as opposed to its drawn or measured arrays. */
    private static final Set<String> SETTINGS = Set.of("loss", "reduction", "delta", "beta", "label_smoothing",
            "labels", "note", "activation");

    @TempDir
    static Path out;
    private static Path regenerated;

    /** Per test, not per class: surefire then lists each test as skipped, with the install hint. */
    @BeforeEach
    void regenerateOnce() {
        GoldenGenerator.assumeTorch();
        if (regenerated == null) {
            regenerated = GoldenGenerator.generate("make_ops.py", "torch-ops.json", out);
        }
    }

    @Test
    void writesTheCommittedCasesWithTheirSettings() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode committed = json.readTree(GoldenOpsTest.goldenFile().toFile());
        JsonNode fresh = json.readTree(regenerated.toFile());
        for (String list : new String[] {"losses", "activations"}) {
            GoldenGenerator.assertSameCases("torch-ops.json " + list, committed.get(list), fresh.get(list), SETTINGS);
        }
        assertEquals(35, GoldenOpsTest.cases(regenerated).size(), "22 losses and 13 activations");
    }

    @TestFactory
    Stream<DynamicTest> ourOpsReproduceEveryRegeneratedCase() throws IOException {
        return GoldenOpsTest.cases(regenerated).stream()
                .map(c -> dynamicTest(c.getName(), () -> GoldenOpsTest.assertReproducesTorch(c.getPayload())));
    }
}

package dev.descent.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.GoldenFiles;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every case of golden/torch-sgd.json replays within its tolerance, step by step. */
class GoldenSgdTest {

    static Stream<Named<JsonNode>> cases() {
        return ParityReplay.cases(GoldenFiles.golden("torch-sgd.json")).stream()
                .map(c -> Named.of(c.path("name").asText(), c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void replaysWithinTolerance(JsonNode goldenCase) {
        assertReplays(goldenCase);
    }

    /** Replays one case of torch-sgd.json's format and asserts every step is within tolerance. */
    static void assertReplays(JsonNode goldenCase) {
        CaseResult r = ParityReplay.replay(goldenCase);
        assertTrue(r.passed(), () -> r.name() + ": " + r.firstFailure());
        assertEquals(goldenCase.path("trajectory").size(), r.steps(), "every step of the trace is replayed");
        assertTrue(r.lossDeviation() <= r.tolerance());
        r.paramDeviation().values().forEach(d -> assertTrue(d <= r.tolerance()));
    }
}

package dev.descent.parity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.GoldenFiles;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of golden/torch-optim.json (torch.optim's Adam, AdamW, RMSprop, Adagrad, Adadelta)
 * replays within its tolerance, step by step; the build runs this class on both execution paths.
 */
class GoldenOptimTest {

    static Stream<Named<JsonNode>> cases() {
        return ParityReplay.cases(GoldenFiles.golden("torch-optim.json")).stream()
                .map(c -> Named.of(c.path("name").asText() + " (" + c.path("optimizer_class").asText() + ")", c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void replaysWithinTolerance(JsonNode goldenCase) {
        GoldenSgdTest.assertReplays(goldenCase);
    }
}

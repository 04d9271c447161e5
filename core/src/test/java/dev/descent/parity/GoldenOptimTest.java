package dev.descent.parity;

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
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case of golden/torch-optim.json (torch.optim's Adam, AdamW, RMSprop, Adagrad and Adadelta:
 * their options, parameter groups, linear, bowl and MLP cases) replays within its tolerance, step by
 * step; the build runs this class on both execution paths. With torch installed,
 * golden/generate/make_optim.py also writes the committed cases afresh and every fresh trajectory
 * replays too.
 */
class GoldenOptimTest {
    /** The fields that define a case, not its measured values. */
    private static final Set<String> SETTINGS = Set.of("kind", "n", "slope", "intercept", "wobble", "w0", "b0",
            "loss", "optimizer", "optimizer_class", "batch_size", "no_bias", "groups", "a0", "steps", "dims",
            "activation");

    @TempDir
    static Path out;

    static Stream<Named<JsonNode>> cases() {
        return ParityReplay.cases(GoldenFiles.golden("torch-optim.json")).stream()
                .map(c -> Named.of(c.path("name").asText() + " (" + c.path("optimizer_class").asText() + ")", c));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void replaysWithinTolerance(JsonNode goldenCase) {
        GoldenSgdTest.assertReplays(goldenCase);
    }

    @Test
    void everyAdaptiveRuleAndOptionIsCovered() {
        Set<String> classes = new java.util.TreeSet<>();
        Set<String> keywords = new java.util.TreeSet<>();
        cases().forEach(c -> {
            classes.add(c.getPayload().path("optimizer_class").asText());
            c.getPayload().path("optimizer").fieldNames().forEachRemaining(keywords::add);
            c.getPayload().path("groups").forEach(g -> g.fieldNames().forEachRemaining(keywords::add));
        });
        assertTrue(classes.containsAll(Set.of("Adam", "AdamW", "RMSprop", "Adagrad", "Adadelta")), classes.toString());
        assertTrue(keywords.containsAll(Set.of("lr", "betas", "eps", "weight_decay", "amsgrad", "maximize", "alpha",
                "momentum", "centered", "lr_decay", "initial_accumulator_value", "rho")), keywords.toString());
    }

    @TestFactory
    @ForksAProcess
    Stream<DynamicTest> regeneratedCasesReplay() throws IOException {
        GoldenGenerator.assumeTorch();
        JsonNode fresh = new ObjectMapper().readTree(GoldenGenerator.generate("make_optim.py", "torch-optim.json", out)
                .toFile());
        JsonNode committed = new ObjectMapper().readTree(GoldenFiles.golden("torch-optim.json").toFile());
        GoldenGenerator.assertSameCases("torch-optim.json", committed.path("cases"), fresh.path("cases"), SETTINGS);
        return StreamSupport.stream(fresh.path("cases").spliterator(), false)
                .map(c -> dynamicTest(c.path("name").asText(), () -> GoldenSgdTest.assertReplays(c)));
    }
}

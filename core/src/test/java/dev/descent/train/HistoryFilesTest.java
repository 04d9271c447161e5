package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.store.TestModels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link History#save}: every number of a real run reads back exactly from the CSV and the JSON. */
class HistoryFilesTest {
    private static History history;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        try (CompiledModel m = GraphCompiler.compile(TestModels.mlp(5))) {
            int[] calls = {0};
            Trainer t = Trainer.create(m, TrainingPlan.builder().optimizer(TestModels.sgd())
                    .batching(Batching.miniBatch(TestModels.BATCH).seed(5)).epochs(3).trajectoryStride(7)
                    .evaluator(epoch -> {
                        Map<String, Double> v = new LinkedHashMap<>();
                        v.put("val_loss", 1.0 / (epoch + 2));
                        v.put("val,\"odd\" name", calls[0]++ == 1 ? Double.NaN : epoch * 0.5);
                        return v;
                    }).build());
            history = t.fit(TestModels.data(5, TestModels.SAMPLES));
        }
    }

    @Test
    void csvHasOneLinePerStepWithTheEpochValuesOnTheStepThatEndedIt() throws IOException {
        Path f = dir.resolve("h.csv");
        history.save(f);
        String text = Files.readString(f);
        assertTrue(text.endsWith("\r\n"));
        List<String> lines = List.of(text.split("\r\n"));
        assertEquals("step,epoch,loss,lr,samples,totalSamples,gradNorm,skipped,epochLoss,\"val,\"\"odd\"\" name\",val_loss",
                lines.get(0));
        assertEquals(history.steps().size() + 1, lines.size());
        int epochRows = 0;
        for (int i = 0; i < history.steps().size(); i++) {
            StepRecord s = history.steps().get(i);
            String[] cells = lines.get(i + 1).split(",", -1);
            assertEquals(11, cells.length, lines.get(i + 1));
            assertEquals(s.step(), Long.parseLong(cells[0]));
            assertEquals(s.epoch(), Long.parseLong(cells[1]));
            assertEquals(s.loss(), Double.parseDouble(cells[2]));
            assertEquals(s.lr(), Double.parseDouble(cells[3]));
            assertEquals(s.samples(), Integer.parseInt(cells[4]));
            assertEquals(s.totalSamples(), Long.parseLong(cells[5]));
            assertEquals(s.gradNorm(), Double.parseDouble(cells[6]));
            assertEquals(s.skipped(), Boolean.parseBoolean(cells[7]));
            boolean last = i + 1 == history.steps().size() || history.steps().get(i + 1).epoch() != s.epoch();
            if (last) {
                EpochRecord e = history.epochs().get((int) s.epoch());
                assertEquals(e.meanLoss(), Double.parseDouble(cells[8]));
                assertEquals(e.metrics().get("val,\"odd\" name"), Double.parseDouble(cells[9]));
                assertEquals(e.metrics().get("val_loss"), Double.parseDouble(cells[10]));
                epochRows++;
            } else {
                assertEquals(List.of("", "", ""), List.of(cells[8], cells[9], cells[10]));
            }
        }
        assertEquals(3, epochRows);
        assertTrue(text.contains(",NaN,0.3333333333333333\r\n"), "the NaN metric of epoch 1 is written as NaN");
    }

    @Test
    void jsonHoldsStepsEpochsAndTrajectoryWithNullForNonFiniteValues() throws IOException {
        Path f = dir.resolve("h.json");
        history.save(f);
        JsonNode root = new ObjectMapper().readTree(f.toFile());
        assertEquals(history.stopReason(), root.path("stopReason").asText());
        assertEquals(history.steps().size(), root.path("steps").size());
        for (int i = 0; i < history.steps().size(); i++) {
            StepRecord s = history.steps().get(i);
            JsonNode n = root.path("steps").get(i);
            assertEquals(s.step(), n.path("step").asLong());
            assertEquals(s.loss(), n.path("loss").asDouble());
            assertEquals(s.lr(), n.path("lr").asDouble());
            assertEquals(s.gradNorm(), n.path("gradNorm").asDouble());
            assertEquals(s.totalSamples(), n.path("totalSamples").asLong());
        }
        assertEquals(3, root.path("epochs").size());
        JsonNode e1 = root.path("epochs").get(1);
        assertEquals(history.epochs().get(1).meanLoss(), e1.path("meanLoss").asDouble());
        assertEquals(1.0 / 3, e1.path("metrics").path("val_loss").asDouble());
        assertTrue(e1.path("metrics").get("val,\"odd\" name").isNull(), "NaN becomes null");
        assertEquals(history.trajectory().size(), root.path("trajectory").size());
        History.Snapshot last = history.trajectory().get(history.trajectory().size() - 1);
        JsonNode w1 = root.path("trajectory").get(history.trajectory().size() - 1).path("params").path("w1");
        assertEquals(last.params().get("w1").length, w1.size());
        for (int i = 0; i < w1.size(); i++) {
            assertEquals(last.params().get("w1")[i], w1.get(i).floatValue());
        }
    }

    @Test
    void anotherExtensionIsRefusedWithTheRuleAndNothingIsWritten() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> history.save(dir.resolve("h.txt")));
        assertTrue(e.getMessage().contains("h.txt") && e.getMessage().contains(".csv or .json"), e.getMessage());
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(0, s.count());
        }
    }
}

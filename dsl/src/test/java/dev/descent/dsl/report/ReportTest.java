package dev.descent.dsl.report;

import dev.descent.dsl.chart.Series;
import dev.descent.dsl.chart.HistorySeries;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.DescentException;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.optim.Sgd;
import dev.descent.train.History;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** The report's page and data, built from real training histories; the browser test (examples) runs the page. */
class ReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static History bowl;
    static History fit;

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        Expr x = Ops.param("x", Nd4j.scalar(1f));
        Expr y = Ops.param("y", Nd4j.scalar(-2f));
        try (CompiledModel m = GraphCompiler.compile(ModelGraph.builder().loss(x.square().plus(y.square())).build())) {
            bowl = Trainer.create(m, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.1).build()).steps(4)
                    .trajectoryStride(1).build()).fit();
        }
        // w·x against y = 2x on 10 points, mini-batches of 4 (4, 4, 2 per epoch), a validation metric per epoch
        Expr in = Ops.input("x", Shape.ANY, 1);
        Expr target = Ops.input("y", Shape.ANY, 1);
        Expr w = Ops.param("w", Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 1, 1));
        ModelGraph g = ModelGraph.builder().loss(Ops.mean(Ops.square(in.matmul(w).minus(target)))).build();
        float[] xs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        float[] ys = new float[10];
        for (int i = 0; i < 10; i++) {
            ys[i] = 2 * xs[i];
        }
        Dataset d = Dataset.of("x", Nd4j.createFromArray(xs).reshape(10, 1), "y", Nd4j.createFromArray(ys).reshape(10, 1));
        try (CompiledModel m = GraphCompiler.compile(g)) {
            int[] epoch = {0};
            fit = Trainer.create(m, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.001).build())
                    .batching(Batching.miniBatch(4).shuffle(false)).epochs(2)
                    .evaluator(e -> Map.of("val_score", 10.0 + epoch[0]++)).build()).fit(d);
        }
    }

    static Report sample() {
        return Report.builder().title("Runs").subtitle("a test")
                .text("First paragraph.\n\nSecond one.")
                .surface(s -> s.title("bowl").function((x, y) -> x * x + y * y).xRange(-2, 2).yRange(-2, 2).resolution(4)
                        .path(Trajectory.of("GD", bowl, "x", "y")))
                .lineChart(c -> c.title("loss").xLabel("samples").yLabel("MSE").logY(true)
                        .curve(HistorySeries.lossVsSamples("fit", fit)).curve(new Series("flat", new double[] {0, 18}, new double[] {1, 1})))
                .add(ConfusionMatrix.of("cm", new int[] {0, 1, 1, 2}, new int[] {0, 1, 2, 2}, 3))
                .build();
    }

    @Test
    void onePageWithEveryScriptAndStyleInlined() throws IOException {
        Path file = sample().write(dir.resolve("report.html"));
        String html = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
        assertTrue(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"" + ReportHtml.CSP + "\">"));
        assertTrue(ReportHtml.CSP.startsWith("default-src 'none'"), "no request may leave the page");
        // nothing fetched: no script, style, image or frame source, no link, no URL at all but the licences'
        String markup = html.replaceAll("(?s)(<script[^>]*>).*?</script>", "$1</script>");
        assertFalse(Pattern.compile("<(script|img|iframe|link|object|embed)[^>]*\\s(src|href|data)=", Pattern.CASE_INSENSITIVE)
                .matcher(markup).find(), markup);
        assertEquals(3, count(html, "<script"), "data, ECharts, report.js");
        assertEquals(3, count(html, "</script>"));
        assertTrue(html.contains("echarts") && html.contains("Apache ECharts 5.3.1"));
        assertTrue(html.length() > 900_000, "ECharts itself is about a megabyte: " + html.length());
        assertTrue(html.contains("<title>Runs</title>") && html.contains("<h1>Runs</h1>")
                && html.contains("<p class=\"subtitle\">a test</p>"));
    }

    @Test
    void theDataHoldsEverySectionInOrder() throws IOException {
        JsonNode data = data(sample().toHtml());
        assertEquals("Runs", data.get("title").asText());
        JsonNode s = data.get("sections");
        assertEquals(List.of("text", "surface", "lines", "confusion"),
                List.of(s.get(0).get("kind").asText(), s.get(1).get("kind").asText(), s.get(2).get("kind").asText(),
                        s.get(3).get("kind").asText()));
        assertEquals("First paragraph.\n\nSecond one.", s.get(0).get("text").asText());

        JsonNode surface = s.get(1);
        assertEquals(5, surface.get("x").size(), "4 cells, 5 grid lines");
        assertEquals(-2, surface.get("x").get(0).asDouble());
        assertEquals(2, surface.get("x").get(4).asDouble());
        assertEquals(8, surface.get("z").get(0).get(0).asDouble(), 1e-12, "f(-2, -2)");
        assertEquals(0, surface.get("z").get(2).get(2).asDouble(), 1e-12, "f(0, 0)");
        JsonNode gd = surface.get("paths").get(0);
        assertEquals("GD", gd.get("name").asText());
        assertEquals("[0,1,2,3,4]", gd.get("step").toString());
        assertEquals(0.8, gd.get("x").get(1).asDouble(), 1e-6);
        assertEquals(-1.6, gd.get("y").get(1).asDouble(), 1e-6);
        assertEquals(0.64 + 2.56, gd.get("z").get(1).asDouble(), 1e-5, "the loss at each step, on the surface");

        JsonNode lines = s.get(2);
        assertTrue(lines.get("logY").asBoolean());
        assertFalse(lines.get("logX").asBoolean());
        assertEquals("samples", lines.get("xLabel").asText());
        assertEquals("[0.0,4.0,8.0,10.0,14.0,18.0]", lines.get("curves").get(0).get("x").toString());
        assertEquals(30.0, lines.get("curves").get(0).get("y").get(0).asDouble(), 1e-5);

        JsonNode cm = s.get(3);
        assertEquals("[\"0\",\"1\",\"2\"]", cm.get("labels").toString());
        assertEquals("[[1,0,0],[0,1,1],[0,0,1]]", cm.get("counts").toString());
    }

    @Test
    void textCannotBreakOutOfThePage() throws IOException {
        String evil = "</script><script>alert(1)</script> & \"quotes\" <b>";
        Report r = Report.builder().title(evil).text(evil)
                .lineChart(c -> c.title(evil).curve(new Series(evil, new double[] {1}, new double[] {2}))).build();
        String html = r.toHtml();
        assertEquals(3, count(html, "</script>"), "only the page's own script elements end");
        assertFalse(html.contains("<script>alert"), "no injected script element");
        assertTrue(html.contains("<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"
                + " &lt;b&gt;</title>"));
        JsonNode data = data(html);
        assertEquals(evil, data.get("title").asText());
        assertEquals(evil, data.get("sections").get(1).get("curves").get(0).get("name").asText(), "the reader sees the text as typed");
    }

    @Test
    void nonFiniteValuesBecomeNulls() throws IOException {
        Report r = Report.builder()
                .lineChart(c -> c.curve(new Series("c", new double[] {0, 1, 2}, new double[] {1, Double.NaN, Double.POSITIVE_INFINITY})))
                .surface(s -> s.function((x, y) -> x > 0 ? Double.NaN : x + y).xRange(-1, 1).yRange(-1, 1).resolution(2)
                        .path(Trajectory.of("p", new double[] {-1, Double.NaN, 1}, new double[] {0, 0, 0})))
                .build();
        JsonNode s = data(r.toHtml()).get("sections");
        assertEquals("[1.0,null,null]", s.get(0).get("curves").get(0).get("y").toString());
        assertEquals("[-2.0,-1.0,null]", s.get(1).get("z").get(0).toString(), "a hole where f is not finite");
        JsonNode p = s.get(1).get("paths").get(0);
        assertEquals("[-1.0,null,1.0]", p.get("x").toString());
        assertEquals("[-1.0,null,null]", p.get("z").toString());
    }

    @Test
    void writesAtomicallyOverAnOldReport() throws IOException {
        Path file = dir.resolve("report.html");
        Files.writeString(file, "old");
        assertEquals(file, sample().write(file));
        assertTrue(Files.readString(file).startsWith("<!DOCTYPE html>"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
        DescentException e = assertThrows(DescentException.class, () -> sample().write(dir.resolve("missing/report.html")));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void curvesAndTrajectoriesFromHistories() {
        Series byStep = HistorySeries.lossVsStep("fit", fit);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5}, byStep.x());
        assertArrayEquals(fit.losses(), byStep.y());
        assertArrayEquals(new double[] {0, 4, 8, 10, 14, 18}, HistorySeries.lossVsSamples("fit", fit).x());
        Series epochs = HistorySeries.epochLoss("train", fit);
        assertArrayEquals(new double[] {1, 2}, epochs.x());
        assertArrayEquals(fit.epochLosses(), epochs.y());
        assertArrayEquals(new double[] {10, 11}, HistorySeries.epochMetric("val", fit, "val_score").y());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HistorySeries.epochMetric("v", fit, "val_acc"));
        assertTrue(e.getMessage().contains("val_score"), "names the metrics recorded: " + e.getMessage());

        Trajectory t = Trajectory.of("GD", bowl, "x", "y");
        assertArrayEquals(new long[] {0, 1, 2, 3, 4}, t.steps());
        assertArrayEquals(new double[] {1, 0.8, 0.64, 0.512, 0.4096}, t.x(), 1e-6);
        assertArrayEquals(new double[] {-2, -1.6, -1.28, -1.024, -0.8192}, t.y(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> Trajectory.of("GD", bowl, "x", "z"));
        e = assertThrows(IllegalArgumentException.class, () -> Trajectory.of("fit", fit, "w", "w"));
        assertTrue(e.getMessage().contains("trajectoryStride"), e.getMessage());
        History empty = new History();
        assertThrows(IllegalArgumentException.class, () -> HistorySeries.epochLoss("none", empty));
        assertThrows(IllegalArgumentException.class, () -> HistorySeries.lossVsStep("none", empty));
        assertThrows(IllegalArgumentException.class, () -> Trajectory.of("none", empty, "x", "y"));
    }

    @Test
    void confusionMatricesFromLogitsAndLabels() {
        float[][] logits = {{2, 0, 0}, {0, 3, 1}, {0, 1, 0.5f}, {0, 0, 1}};
        ConfusionMatrix byIndex = ConfusionMatrix.fromLogits("cm", Nd4j.createFromArray(logits), Nd4j.createFromArray(0f, 1f, 2f, 2f));
        assertEquals(4, byIndex.total());
        assertEquals(3, byIndex.correct());
        assertEquals(0.75, byIndex.accuracy());
        assertEquals(1, byIndex.count(2, 1), "a true 2 taken for a 1");
        float[][] oneHot = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}, {0, 0, 1}};
        ConfusionMatrix byOneHot = ConfusionMatrix.fromLogits("cm", Nd4j.createFromArray(logits), Nd4j.createFromArray(oneHot));
        for (int t = 0; t < 3; t++) {
            for (int p = 0; p < 3; p++) {
                assertEquals(byIndex.count(t, p), byOneHot.count(t, p));
            }
        }
        assertEquals(List.of("a", "b", "c"), byIndex.withLabels(List.of("a", "b", "c")).labels());
        assertThrows(IllegalArgumentException.class, () -> byIndex.withLabels(List.of("a")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrix.fromLogits("cm", Nd4j.createFromArray(logits), Nd4j.createFromArray(0f, 1f)));
        assertTrue(e.getMessage().contains("[4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of("cm", new int[] {3}, new int[] {0}, 3));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrix.of("cm", new long[][] {{1, 2}, {3}}));
    }

    @Test
    void mistakesAreCaughtWhenBuilt() {
        assertThrows(IllegalArgumentException.class, () -> Report.builder().build(), "a report needs a section");
        assertThrows(IllegalArgumentException.class, () -> new Series("c", new double[] {1, 2}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Series(" ", new double[] {1}, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> new Series("c", new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class, () -> LineChart.builder().build(), "a chart needs a curve");
        Series c = new Series("same", new double[] {1}, new double[] {1});
        IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> LineChart.builder().curve(c).curve(c).build());
        assertTrue(dup.getMessage().contains("'same'"), dup.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SurfaceView.builder().xRange(0, 1).yRange(0, 1).build(),
                "a surface needs a function");
        assertThrows(IllegalArgumentException.class,
                () -> SurfaceView.builder().function((x, y) -> x).xRange(1, 0).yRange(0, 1).build());
        assertThrows(IllegalArgumentException.class,
                () -> SurfaceView.builder().function((x, y) -> x).xRange(0, 1).yRange(0, Double.NaN).build());
        assertThrows(IllegalArgumentException.class,
                () -> SurfaceView.builder().function((x, y) -> x).xRange(0, 1).yRange(0, 1).resolution(1).build());
        assertThrows(IllegalArgumentException.class,
                () -> SurfaceView.builder().function((x, y) -> x).xRange(0, 1).yRange(0, 1).resolution(121).build());
        IllegalArgumentException nowhere = assertThrows(IllegalArgumentException.class,
                () -> SurfaceView.builder().function((x, y) -> Double.NaN).xRange(0, 1).yRange(0, 1).build());
        assertTrue(nowhere.getMessage().contains("nowhere finite"), nowhere.getMessage());
        Trajectory p = Trajectory.of("p", new double[] {0}, new double[] {0});
        assertThrows(IllegalArgumentException.class,
                () -> SurfaceView.builder().function((x, y) -> x).xRange(0, 1).yRange(0, 1).path(p).path(p).build());
        assertThrows(IllegalArgumentException.class, () -> new Trajectory("t", new long[] {0}, new double[] {0, 1}, new double[] {0, 1}));
        assertThrows(IllegalArgumentException.class, () -> new Text("  "));
    }

    @Test
    void arraysAreCopiedInAndOut() {
        double[] x = {1, 2};
        Series c = new Series("c", x, new double[] {3, 4});
        x[0] = 99;
        assertEquals(1, c.x()[0]);
        c.x()[1] = 99;
        assertEquals(2, c.x()[1]);
        assertEquals(new Series("c", new double[] {1, 2}, new double[] {3, 4}), c);
    }

    private static JsonNode data(String html) throws IOException {
        Matcher m = Pattern.compile("<script type=\"application/json\" id=\"descent-data\">(.*?)</script>", Pattern.DOTALL)
                .matcher(html);
        assertTrue(m.find(), "no data element");
        return JSON.readTree(m.group(1));
    }

    private static int count(String s, String part) {
        int n = 0;
        for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}

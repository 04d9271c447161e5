package dev.descent.examples.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.serve.Predictor;
import dev.descent.store.ModelFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Drives the service over loopback: correct answers, a hot swap under load with no dropped or
 * mixed answers (4 clients x 60 requests), and a 4xx with a reason for each malformed request.
 */
class PredictionServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final float[][] X = {{0.5f, -1f, 2f, 0.25f}, {1f, 1f, -1f, 0f}, {-2f, 0.5f, 0f, 1.5f}};

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    /** y = tanh(x w + b) with w, b filled from {@code scale}. */
    private static ModelGraph model(float scale) {
        float[][] w = new float[4][2];
        for (int i = 0; i < 4; i++) {
            w[i][0] = scale * (i + 1) / 10f;
            w[i][1] = -scale * (i - 1) / 7f;
        }
        Expr x = Ops.input("x", Shape.ANY, 4);
        Expr y = Ops.input("y", Shape.ANY, 2);
        Expr pred = Ops.tanh(x.matmul(Ops.param("w", Nd4j.createFromArray(w))).plus(Ops.param("b",
                Nd4j.createFromArray(new float[] {scale, -scale / 2}))));
        return ModelGraph.builder().output("pred", pred).loss(Ops.mean(Ops.square(pred.minus(y)))).build();
    }

    private static float[] expected(ModelGraph g) {
        try (CompiledModel m = GraphCompiler.compile(g)) {
            return m.output(Map.of("x", Nd4j.createFromArray(X)), List.of("pred")).get("pred").data().asFloat();
        }
    }

    private HttpResponse<String> post(int port, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static float[] floats(JsonNode pred) {
        List<Float> v = new ArrayList<>();
        pred.forEach(row -> row.forEach(n -> v.add(n.floatValue())));
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = v.get(i);
        }
        return out;
    }

    private static Predictor predictor(Path file) {
        return Predictor.load(file, 2);
    }

    @Test
    void servesPredictionsAndHotSwapsUnderLoadWithoutDroppingRequests() throws Exception {
        ModelGraph a = model(1f);
        ModelGraph b = model(-0.5f);
        Path fileA = dir.resolve("a.descent");
        Path fileB = dir.resolve("b.descent");
        ModelFile.save(fileA, a, Map.of(), Map.of("name", "a"));
        ModelFile.save(fileB, b, Map.of(), Map.of("name", "b"));
        float[][] want = {null, expected(a), expected(b)};
        String request = JSON.writeValueAsString(Map.of("inputs", Map.of("x", X)));
        try (PredictionServer s = PredictionServer.start(predictor(fileA), 0)) {
            int port = s.port();
            HttpResponse<String> first = post(port, "/predict", request);
            assertEquals(200, first.statusCode(), first.body());
            JsonNode body = JSON.readTree(first.body());
            assertEquals(1, body.path("version").asLong());
            assertArrayEquals(want[1], floats(body.path("outputs").path("pred")));

            ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
            AtomicInteger answered = new AtomicInteger();
            AtomicInteger sawNew = new AtomicInteger();
            CountDownLatch started = new CountDownLatch(4);
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                clients.add(new Thread(() -> {
                    started.countDown();
                    for (int r = 0; r < 60; r++) {
                        try {
                            HttpResponse<String> resp = post(port, "/predict", request);
                            JsonNode n = JSON.readTree(resp.body());
                            int v = n.path("version").asInt();
                            if (resp.statusCode() != 200 || (v != 1 && v != 2)) {
                                failures.add(resp.statusCode() + " " + resp.body());
                            } else if (!java.util.Arrays.equals(want[v], floats(n.path("outputs").path("pred")))) {
                                failures.add("version " + v + " answered with another model's numbers");
                            } else {
                                answered.incrementAndGet();
                                if (v == 2) {
                                    sawNew.incrementAndGet();
                                }
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                }));
            }
            clients.forEach(Thread::start);
            started.await();
            while (answered.get() < 40) {
                Thread.sleep(5);
            }
            HttpResponse<String> swap = post(port, "/swap", JSON.writeValueAsString(Map.of("file", fileB.toString())));
            assertEquals(200, swap.statusCode(), swap.body());
            assertEquals(2, JSON.readTree(swap.body()).path("version").asLong());
            for (Thread t : clients) {
                t.join();
            }
            assertEquals(List.of(), new ArrayList<>(failures));
            assertEquals(240, answered.get(), "every request must be answered");
            assertTrue(sawNew.get() > 0, "no request saw the swapped-in model");
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals("{\"version\":2}", health.body());
        }
    }

    @Test
    void malformedRequestsGetA4xxWithAReason() throws Exception {
        Path fileA = dir.resolve("a.descent");
        ModelFile.save(fileA, model(1f), Map.of(), Map.of());
        Path corrupt = dir.resolve("corrupt.descent");
        Files.writeString(corrupt, "garbage");
        try (PredictionServer s = PredictionServer.start(predictor(fileA), 0)) {
            int port = s.port();
            Object[][] cases = {
                {"/predict", "{not json", 400, "malformed JSON"},
                {"/predict", "", 400, "empty request body"},
                {"/predict", "[1,2]", 400, "JSON object"},
                {"/predict", "{\"x\": [[1,2,3,4]]}", 400, "\"inputs\""},
                {"/predict", "{\"inputs\": {\"x\": [[1,2,3]]}}", 400, "'x' has shape [1, 3]"},
                {"/predict", "{\"inputs\": {\"x\": [[1,2,3,4],[1,2]]}}", 400, "ragged"},
                {"/predict", "{\"inputs\": {\"x\": [[1,2,\"a\",4]]}}", 400, "where a number was expected"},
                {"/predict", "{\"inputs\": {\"x\": [[1,2,3,1e300]]}}", 400, "not a finite float32"},
                {"/predict", "{\"inputs\": {\"x\": []}}", 400, "empty array"},
                {"/predict", "{\"inputs\": {\"x\": 5}}", 400, "(nested) array of numbers"},
                {"/predict", "{\"inputs\": {\"q\": [[1,2,3,4]]}}", 400, "Unknown input 'q'"},
                {"/swap", "{}", 400, "\"file\""},
                {"/swap", "{\"file\": \"" + corrupt + "\"}", 400, "not a Descent"},
                {"/swap", "{\"file\": \"" + dir.resolve("missing") + "\"}", 400, "No such file"},
                {"/nope", "{}", 404, "no endpoint /nope"},
            };
            for (Object[] c : cases) {
                HttpResponse<String> r = post(port, (String) c[0], (String) c[1]);
                assertEquals(c[2], r.statusCode(), c[1] + " -> " + r.body());
                String error = JSON.readTree(r.body()).path("error").asText();
                assertTrue(error.contains((String) c[3]), c[1] + " -> " + error);
            }
            HttpResponse<String> get = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/predict"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(405, get.statusCode());
            assertEquals(1, s.predictor().version(), "failed swaps must not change the model");
            HttpResponse<String> ok = post(port, "/predict", JSON.writeValueAsString(Map.of("inputs", Map.of("x", X))));
            assertEquals(200, ok.statusCode(), "the service must still answer after bad requests");
        }
    }

}

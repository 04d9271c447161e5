package dev.descent.examples.serve;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.descent.DescentException;
import dev.descent.serve.Prediction;
import dev.descent.serve.Predictor;
import dev.descent.store.ModelFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a {@link Predictor} over HTTP with the JDK's built-in server.
 * <ul>
 *   <li>{@code POST /predict} with {@code {"inputs": {"x": [[1, 2, 3, 4], ...]}}} answers
 *       {@code {"version": 1, "outputs": {"pred": [[...], ...]}}}
 *   <li>{@code POST /swap} with {@code {"file": "retrained.descent"}} verifies that model file and
 *       swaps it in atomically; requests in flight finish on the old model. Answers {@code {"version": 2}}.
 *       (An example: a real service would restrict which files may be named.)
 *   <li>{@code GET /health} answers {@code {"version": n}}
 * </ul>
 * Malformed requests get a 4xx status and {@code {"error": "reason"}}.
 *
 * <pre>{@code
 * try (PredictionServer s = PredictionServer.start(Predictor.load(file, 4), 8080)) {
 *     // curl -d '{"inputs":{"x":[[0.1,0.2,0.3,0.4]]}}' http://127.0.0.1:8080/predict
 * }
 * }</pre>
 */
public final class PredictionServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PredictionServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Largest request body read (a guard against memory exhaustion). */
    static final int MAX_BODY = 16 << 20;

    private final Predictor predictor;
    private final HttpServer server;
    private final ExecutorService workers;

    private PredictionServer(Predictor predictor, HttpServer server, ExecutorService workers) {
        this.predictor = predictor;
        this.server = server;
        this.workers = workers;
    }

    /** Starts serving on 127.0.0.1:{@code port} (0 picks a free port); the server owns {@code predictor}. */
    public static PredictionServer start(Predictor predictor, int port) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        ExecutorService workers = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "prediction-http");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(workers);
        PredictionServer s = new PredictionServer(predictor, http, workers);
        http.createContext("/", s::handle);
        http.start();
        return s;
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The predictor being served (for programmatic swaps). */
    public Predictor predictor() {
        return predictor;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            try {
                switch (path) {
                    case "/predict" -> {
                        requireMethod(ex, "POST");
                        reply(ex, 200, predict(readJson(ex)));
                    }
                    case "/swap" -> {
                        requireMethod(ex, "POST");
                        reply(ex, 200, swap(readJson(ex)));
                    }
                    case "/health" -> {
                        requireMethod(ex, "GET");
                        reply(ex, 200, JSON.createObjectNode().put("version", predictor.version()));
                    }
                    default -> throw new HttpError(404, "no endpoint " + path + "; use POST /predict, POST /swap or GET /health");
                }
            } catch (HttpError e) {
                reply(ex, e.status, error(e.getMessage()));
            } catch (JsonArrays.BadRequest e) {
                reply(ex, 400, error(e.getMessage()));
            } catch (DescentException | IllegalArgumentException e) {
                // validation failures (shapes, names, corrupt files) are the client's to fix
                reply(ex, 400, error(e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", method, path, e);
                reply(ex, 500, error("internal error: " + e));
            }
        }
    }

    private ObjectNode predict(JsonNode body) {
        JsonNode inputs = body.path("inputs");
        if (!inputs.isObject() || inputs.isEmpty()) {
            throw new HttpError(400, "the body needs an object \"inputs\" mapping input names to arrays, e.g. "
                    + "{\"inputs\": {\"x\": [[1, 2, 3, 4]]}}");
        }
        Map<String, INDArray> feed = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = inputs.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            feed.put(e.getKey(), JsonArrays.toArray(e.getKey(), e.getValue()));
        }
        Prediction p = predictor.predict(feed);
        ObjectNode out = JSON.createObjectNode();
        out.put("version", p.version());
        ObjectNode outputs = out.putObject("outputs");
        p.outputs().forEach((k, v) -> outputs.set(k, JsonArrays.toJson(v)));
        return out;
    }

    private ObjectNode swap(JsonNode body) {
        JsonNode file = body.path("file");
        if (!file.isTextual() || file.asText().isBlank()) {
            throw new HttpError(400, "the body needs \"file\": the path of a model or checkpoint file to serve");
        }
        ModelFile.SavedModel m = ModelFile.load(Path.of(file.asText())); // verified before anything is used
        long version = predictor.swap(m.graph(), m.parameters());
        LOG.info("now serving {} as version {}", file.asText(), version);
        return JSON.createObjectNode().put("version", version);
    }

    private static void requireMethod(HttpExchange ex, String method) {
        if (!ex.getRequestMethod().equals(method)) {
            throw new HttpError(405, ex.getRequestMethod() + " is not allowed on " + ex.getRequestURI().getPath()
                    + "; use " + method);
        }
    }

    private static JsonNode readJson(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_BODY + 1);
        }
        if (body.length > MAX_BODY) {
            throw new HttpError(413, "request body larger than " + MAX_BODY + " bytes");
        }
        if (body.length == 0) {
            throw new HttpError(400, "empty request body; send a JSON object");
        }
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) {
                throw new HttpError(400, "the body must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new HttpError(400, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Stops accepting connections, lets running exchanges finish (up to 2 s), closes the predictor. */
    @Override
    public void close() {
        server.stop(2);
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        predictor.close();
    }

    /** {@code PredictionServer MODEL_FILE [PORT]}: serves the file until the process is stopped. */
    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: PredictionServer MODEL_FILE [PORT]");
            System.exit(2);
        }
        PredictionServer s = start(Predictor.load(Path.of(args[0]), Runtime.getRuntime().availableProcessors()),
                args.length > 1 ? Integer.parseInt(args[1]) : 8080);
        System.out.println("serving " + args[0] + " on http://127.0.0.1:" + s.port() + "/predict");
        Runtime.getRuntime().addShutdownHook(new Thread(s::close));
    }

    /** An HTTP error status with its reason. */
    private static final class HttpError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;

        HttpError(int status, String message) {
            super(message);
            this.status = status;
        }
    }
}

package dev.descent.examples.browser;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.ChildProcesses;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A headless Chromium for tests, driven over the Chrome DevTools Protocol (a WebSocket from the JDK's
 * own HTTP client; Jackson reads the messages): open a page, run JavaScript in it, move and click the
 * mouse, take screenshots, and collect what the page logged (console messages, uncaught exceptions,
 * browser log entries such as refused requests) and every request it made.
 *
 * <p>The browser is Debian's {@code /usr/bin/chromium} (or {@code $DESCENT_CHROMIUM}), started with a
 * fresh profile in a temporary folder, no sandbox (tests run as root in CI), no GPU and no background
 * networking. {@link #close()} ends it and every process it started, and deletes the profile.
 *
 * <p>Where no browser is installed, {@link #startIfInstalled} returns null and {@link #skipWithout} skips
 * each test with an install hint; with {@code DESCENT_REQUIRE_BROWSER=1} (as in CI) they fail instead.
 */
public final class HeadlessChromium implements AutoCloseable {
    /** Set to 1 to make a missing browser fail the tests rather than skip them. */
    public static final String REQUIRE_ENV = "DESCENT_REQUIRE_BROWSER";
    static final Path DEFAULT_BINARY = Path.of("/usr/bin/chromium");
    static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--hide-scrollbars", "--mute-audio");
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A console message, exception or log entry the page produced. */
    public record Message(String source, String level, String text) {
        @Override
        public String toString() {
            return source + " " + level + ": " + text;
        }
    }

    private final Process process;
    private final Path root;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> loadEvents = new CopyOnWriteArrayList<>();

    private HeadlessChromium(Process process, Path root, WebSocket socket) {
        this.process = process;
        this.root = root;
        this.socket = socket;
    }

    /** The browser to use: {@code $DESCENT_CHROMIUM}, else {@code /usr/bin/chromium}, if executable. */
    public static Optional<Path> binary() {
        String env = System.getenv("DESCENT_CHROMIUM");
        Path p = env != null && !env.isBlank() ? Path.of(env) : DEFAULT_BINARY;
        return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
    }

    /** Why a browser test was skipped, with the fix. */
    public static final String MISSING = "No headless browser: " + DEFAULT_BINARY + " is missing. Install it with"
            + " `apt-get install -y chromium` (Debian/Ubuntu) or point DESCENT_CHROMIUM at a Chromium or Chrome binary.";

    /**
     * Starts a browser with a viewport of {@code width × height} CSS pixels, or returns null where none
     * is installed (then {@link #skipWithout} skips each test with an install hint); with
     * {@code DESCENT_REQUIRE_BROWSER=1} a missing browser fails instead.
     */
    public static HeadlessChromium startIfInstalled(int width, int height) {
        Optional<Path> bin = binary();
        if (bin.isEmpty()) {
            if ("1".equals(System.getenv(REQUIRE_ENV))) {
                fail(MISSING + " (" + REQUIRE_ENV + "=1 makes this a failure)");
            }
            return null;
        }
        return start(bin.get(), width, height);
    }

    /** Skips the calling test (a JUnit assumption, with the install hint) when {@code browser} is null. */
    public static void skipWithout(HeadlessChromium browser) {
        Assumptions.assumeTrue(browser != null, MISSING + " Skipping this browser test.");
    }

    static HeadlessChromium start(Path binary, int width, int height) {
        Path root;
        try {
            root = Files.createTempDirectory("descent-chromium");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process = null;
        try {
            List<String> cmd = new ArrayList<>();
            cmd.add(binary.toString());
            cmd.addAll(FLAGS);
            cmd.add("--user-data-dir=" + root.resolve("profile"));
            cmd.add("--remote-debugging-port=0");
            cmd.add("--window-size=" + width + "," + height);
            cmd.add("about:blank");
            process = ChildProcesses.start(new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(root.resolve("chromium.log").toFile()));
            int port = devToolsPort(process, root);
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            String ws = pageSocket(http, port, root);
            Listener listener = new Listener();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), listener)
                    .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            HeadlessChromium browser = new HeadlessChromium(process, root, socket);
            listener.owner = browser;
            for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
                browser.call(domain + ".enable", Map.of());
            }
            return browser;
        } catch (Exception | AssertionError e) {
            if (process != null) {
                kill(process);
            }
            String log = readQuietly(root.resolve("chromium.log"));
            deleteQuietly(root);
            throw new IllegalStateException("Could not start " + binary + ": " + e + "\n--- browser output ---\n" + log, e);
        }
    }

    private static int devToolsPort(Process process, Path root) throws IOException, InterruptedException {
        Path file = root.resolve("profile").resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.isRegularFile(file)) {
                List<String> lines = Files.readAllLines(file);
                if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                    return Integer.parseInt(lines.get(0).trim());
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the browser exited with status " + process.exitValue());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the browser did not open its DevTools port within " + TIMEOUT);
    }

    private static String pageSocket(HttpClient http, int port, Path root) throws IOException, InterruptedException {
        HttpRequest list = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list"))
                .timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode targets = JSON.readTree(http.send(list, HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText()) && t.hasNonNull("webSocketDebuggerUrl")) {
                    return t.get("webSocketDebuggerUrl").asText();
                }
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the browser opened no page within " + TIMEOUT);
    }

    /** Collects text frames into messages: answers complete their calls, events are recorded. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        volatile HeadlessChromium owner;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                HeadlessChromium o = owner;
                if (o != null) {
                    o.receive(text);
                }
            }
            webSocket.request(1);
            return null;
        }
    }

    private void receive(String text) {
        JsonNode msg;
        try {
            msg = JSON.readTree(text);
        } catch (IOException e) {
            messages.add(new Message("cdp", "error", "unreadable message: " + e.getMessage()));
            return;
        }
        if (msg.has("id")) {
            CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
            if (f != null) {
                f.complete(msg);
            }
            return;
        }
        JsonNode p = msg.path("params");
        switch (msg.path("method").asText()) {
            case "Runtime.consoleAPICalled" -> {
                StringBuilder b = new StringBuilder();
                for (JsonNode arg : p.path("args")) {
                    b.append(b.length() > 0 ? " " : "").append(arg.has("value") ? arg.get("value").asText()
                            : arg.path("description").asText(arg.path("type").asText()));
                }
                messages.add(new Message("console", p.path("type").asText(), b.toString()));
            }
            case "Runtime.exceptionThrown" -> {
                JsonNode d = p.path("exceptionDetails");
                messages.add(new Message("exception", "error", d.path("exception").path("description")
                        .asText(d.path("text").asText())));
            }
            case "Log.entryAdded" -> {
                JsonNode e = p.path("entry");
                messages.add(new Message("log/" + e.path("source").asText(), e.path("level").asText(),
                        e.path("text").asText() + (e.hasNonNull("url") ? " (" + e.get("url").asText() + ")" : "")));
            }
            case "Network.requestWillBeSent" -> requests.add(p.path("request").path("url").asText());
            case "Page.loadEventFired" -> loadEvents.add(text);
            default -> {
                // other events are not needed
            }
        }
    }

    /** Sends one DevTools command and waits for its answer; a protocol error throws. */
    public JsonNode call(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        ObjectNode msg = JSON.createObjectNode();
        msg.put("id", id);
        msg.put("method", method);
        msg.set("params", JSON.valueToTree(params));
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        try {
            synchronized (socket) {
                socket.sendText(JSON.writeValueAsString(msg), true).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            }
            JsonNode r = answer.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (r.has("error")) {
                throw new IllegalStateException(method + " failed: " + r.get("error"));
            }
            return r.path("result");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        } catch (ExecutionException | TimeoutException | IOException e) {
            throw new IllegalStateException(method + " got no answer: " + e, e);
        } finally {
            pending.remove(id);
        }
    }

    /**
     * Evaluates a JavaScript expression in the page (awaiting a promise) and returns its value as
     * JSON; an exception in the page throws with its description.
     */
    public JsonNode eval(String expression) {
        JsonNode r = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
        if (r.has("exceptionDetails")) {
            JsonNode d = r.get("exceptionDetails");
            throw new IllegalStateException("JavaScript failed: " + d.path("exception").path("description")
                    .asText(d.path("text").asText()) + "\nin: " + expression);
        }
        return r.path("result").path("value");
    }

    /** Waits until {@code condition} (a JavaScript expression) is true in the page. */
    public void waitFor(String condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (eval("!!(" + condition + ")").asBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out after " + timeout + " waiting for " + condition + "; the page logged "
                        + messages);
            }
            sleep(50);
        }
    }

    /** Opens {@code url} in the tab and waits for its load event. */
    public void navigate(String url) {
        int before = loadEvents.size();
        JsonNode r = call("Page.navigate", Map.of("url", url));
        if (r.hasNonNull("errorText")) {
            throw new IllegalStateException("Could not open " + url + ": " + r.get("errorText").asText());
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (loadEvents.size() == before) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("No load event for " + url + " within " + TIMEOUT);
            }
            sleep(20);
        }
    }

    /** Lets the page render: resolves after two animation frames. */
    public void settle() {
        eval("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))");
    }

    /** A mouse event at viewport coordinates: {@code type} is mouseMoved, mousePressed or mouseReleased. */
    public void mouse(String type, double x, double y, boolean leftDown) {
        call("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y,
                "button", type.equals("mouseMoved") && !leftDown ? "none" : "left",
                "buttons", leftDown || type.equals("mousePressed") ? 1 : 0, "clickCount", 1));
    }

    /** Drags with the left button from (x0, y0) to (x1, y1) in {@code steps} moves. */
    public void drag(double x0, double y0, double x1, double y1, int steps) {
        mouse("mouseMoved", x0, y0, false);
        mouse("mousePressed", x0, y0, true);
        for (int i = 1; i <= steps; i++) {
            mouse("mouseMoved", x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps, true);
        }
        mouse("mouseReleased", x1, y1, false);
    }

    /** A left click at viewport coordinates. */
    public void click(double x, double y) {
        mouse("mouseMoved", x, y, false);
        mouse("mousePressed", x, y, true);
        mouse("mouseReleased", x, y, false);
    }

    /** A wheel turn at viewport coordinates (negative {@code deltaY}: away from the user, zoom in). */
    public void wheel(double x, double y, double deltaY) {
        call("Input.dispatchMouseEvent", Map.of("type", "mouseWheel", "x", x, "y", y, "deltaX", 0, "deltaY", deltaY));
    }

    /** A PNG of the page region {@code (x, y, width, height)} in CSS pixels, at {@code scale}. */
    public byte[] screenshot(double x, double y, double width, double height, double scale) {
        JsonNode r = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true,
                "clip", Map.of("x", x, "y", y, "width", width, "height", height, "scale", scale)));
        return Base64.getDecoder().decode(r.path("data").asText());
    }

    /** Every console message, uncaught exception and browser log entry so far. */
    public List<Message> messages() {
        return List.copyOf(messages);
    }

    /** The URL of every request the page made so far. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** Ends the browser and every process it started, and deletes its profile. */
    @Override
    public void close() {
        try {
            socket.abort();
        } finally {
            kill(process);
            deleteQuietly(root);
        }
    }

    /** SIGTERM to the browser and its children (as found before any exits), then SIGKILL to what is left. */
    static void kill(Process process) {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(0, process.toHandle());
        all.forEach(ProcessHandle::destroy);
        if (!awaitExit(all, Duration.ofSeconds(10))) {
            all.forEach(ProcessHandle::destroyForcibly);
            if (!awaitExit(all, Duration.ofSeconds(10))) {
                throw new IllegalStateException("Browser processes outlived SIGKILL: "
                        + all.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList());
            }
        }
    }

    private static boolean awaitExit(List<ProcessHandle> handles, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle h : handles) {
            try {
                long left = Math.max(1, deadline - System.nanoTime());
                h.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException e) {
                // the handle could not be watched; isAlive() below decides
            }
        }
        return handles.stream().noneMatch(ProcessHandle::isAlive);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.readString(file) : "(none)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder: the OS cleans up what is left
        }
    }
}

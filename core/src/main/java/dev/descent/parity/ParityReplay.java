package dev.descent.parity;

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
import dev.descent.optim.ParamGroup;
import dev.descent.optim.UpdateRule;
import dev.descent.optim.UpdateRules;
import dev.descent.train.History;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Replays golden traces recorded from {@code torch.optim} ({@code torch-sgd.json},
 * {@code torch-optim.json}; format in {@code golden/README.md}) and measures how far our trajectory
 * is from torch's, step by step. A case's {@code optimizer_class} ({@code SGD} where absent, else
 * {@code Adam}, {@code AdamW}, {@code RMSprop}, ...) names the rule, created by
 * {@link UpdateRules#create} from the case's keyword arguments, so a registered third-party rule
 * replays its own traces the same way.
 *
 * <pre>{@code
 * List<CaseResult> results = ParityReplay.replayFile(Path.of("torch-sgd.json"));
 * }</pre>
 */
public final class ParityReplay {
    /** Absolute floor under the relative tolerance: values this close to zero compare absolutely. */
    public static final double ABS_FLOOR = 1e-6;
    /** Default relative tolerance for the linear and bowl cases. */
    public static final double LINEAR_TOLERANCE = 1e-5;
    /** Default relative tolerance for the MLP cases (longer float32 chains). */
    public static final double MLP_TOLERANCE = 1e-4;
    /** Relative tolerance of the sequential layer cases ({@code torch-layers.json}), over an absolute floor of {@link #SEQUENTIAL_FLOOR}. */
    public static final double SEQUENTIAL_TOLERANCE = 1e-4;
    public static final double SEQUENTIAL_FLOOR = 1e-5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private ParityReplay() {
    }

    /** Replays every case of a trace file. */
    public static List<CaseResult> replayFile(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new DescentException("Cannot read golden trace " + file + ": " + e.getMessage(), e);
        }
        List<CaseResult> results = new ArrayList<>();
        for (JsonNode c : replayable(root)) {
            results.add(replay(c));
        }
        if (results.isEmpty()) {
            throw new DescentException("Golden trace " + file + " has neither a 'cases' nor a 'sequential' list; see"
                    + " golden/README.md for the format");
        }
        return results;
    }

    /** The names of the cases in a trace file, in order. */
    public static List<JsonNode> cases(Path file) {
        try {
            List<JsonNode> out = new ArrayList<>();
            replayable(JSON.readTree(Files.readString(file))).forEach(out::add);
            return out;
        } catch (IOException e) {
            throw new DescentException("Cannot read golden trace " + file + ": " + e.getMessage(), e);
        }
    }

    /** The cases a file's trajectories are replayed from: its {@code cases} and its {@code sequential} models. */
    private static List<JsonNode> replayable(JsonNode root) {
        List<JsonNode> out = new ArrayList<>();
        root.path("cases").forEach(out::add);
        root.path("sequential").forEach(out::add);
        return out;
    }

    /** Replays one case. */
    public static CaseResult replay(JsonNode c) {
        String name = c.path("name").asText("(unnamed)");
        String kind = required(c, "kind", name).asText();
        switch (kind) {
            case "linear":
                return replayLinear(c, name);
            case "bowl":
                return replayBowl(c, name);
            case "mlp":
                return replayMlp(c, name);
            case "sequential":
                return replaySequential(c, name);
            default:
                throw new DescentException("Case '" + name + "' has unknown kind '" + kind
                        + "'; supported: linear, bowl, mlp, sequential");
        }
    }

    // ------------------------------------------------------------------ linear

    private static CaseResult replayLinear(JsonNode c, String name) {
        boolean noBias = c.path("no_bias").asBoolean(false);
        INDArray xs = matrix(required(c.path("data"), "x", name));
        INDArray ys = matrix(required(c.path("data"), "y", name));
        Expr x = Ops.input("x", Shape.ANY, xs.size(1));
        Expr y = Ops.input("y", Shape.ANY, ys.size(1));
        Expr w = Ops.param("w", Nd4j.createFromArray(new float[][] {{(float) required(c, "w0", name).asDouble()}}));
        Expr pred = x.matmul(w);
        if (!noBias) {
            pred = pred.plus(Ops.param("b", Nd4j.createFromArray((float) c.path("b0").asDouble(0.0))));
        }
        Expr diff = pred.minus(y);
        String lossName = c.path("loss").asText("mse_mean");
        Expr loss;
        switch (lossName) {
            case "mse_mean":
                loss = Ops.mean(Ops.square(diff));
                break;
            case "mse_sum":
                loss = Ops.sum(Ops.square(diff));
                break;
            case "l1_mean":
                loss = Ops.mean(Ops.abs(diff));
                break;
            default:
                throw new DescentException("Case '" + name + "' has unknown loss '" + lossName
                        + "'; supported: mse_mean, mse_sum, l1_mean");
        }
        ModelGraph graph = ModelGraph.builder().output("pred", pred).loss(loss).build();
        List<String> compared = noBias ? List.of("w") : List.of("w", "b");
        return runWithData(c, name, "linear", graph, Dataset.of("x", xs, "y", ys), compared, LINEAR_TOLERANCE);
    }

    // ------------------------------------------------------------------ bowl

    private static CaseResult replayBowl(JsonNode c, String name) {
        Expr a = Ops.param("a", Nd4j.scalar((float) required(c, "a0", name).asDouble()));
        Expr b = Ops.param("b", Nd4j.scalar((float) required(c, "b0", name).asDouble()));
        ModelGraph graph = ModelGraph.builder().loss(a.square().plus(b.square())).build();
        int steps = required(c, "steps", name).asInt();
        double tol = c.path("tolerance").asDouble(LINEAR_TOLERANCE);
        try (CompiledModel model = GraphCompiler.compile(graph)) {
            Deviations dev = new Deviations(tol);
            JsonNode traj = required(c, "trajectory", name);
            Trainer trainer = Trainer.create(model, TrainingPlan.builder().optimizer(rule(c, name)).groups(groups(c))
                    .steps(steps)
                    .onStep(r -> {
                        JsonNode ref = traj.path((int) r.step());
                        dev.compare("loss", r.step(), r.loss(), ref.path("loss"));
                        dev.compare("a", r.step(), model.parameters().get("a").getDouble(0), ref.path("a"));
                        dev.compare("b", r.step(), model.parameters().get("b").getDouble(0), ref.path("b"));
                    }).build());
            History h = trainer.fit();
            return dev.result(name, "bowl", h.steps().size(), traj.size());
        }
    }

    // ------------------------------------------------------------------ mlp

    private static CaseResult replayMlp(JsonNode c, String name) {
        JsonNode dims = required(c, "dims", name);
        int d = dims.get(0).asInt();
        int h = dims.get(1).asInt();
        int k = dims.get(2).asInt();
        INDArray xs = matrix(required(c.path("data"), "x", name));
        INDArray ys = vector(required(c.path("data"), "y", name));
        Expr x = Ops.input("x", Shape.ANY, d);
        Expr y = Ops.indexInput("y", Shape.ANY);
        Expr w1 = Ops.param("W1", matrix(required(c.path("init"), "W1", name)));
        Expr b1 = Ops.param("b1", Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, h));
        Expr w2 = Ops.param("W2", matrix(required(c.path("init"), "W2", name)));
        Expr b2 = Ops.param("b2", Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, k));
        Expr pre = x.matmul(w1).plus(b1);
        String act = c.path("activation").asText("tanh");
        Expr hidden;
        switch (act) {
            case "tanh":
                hidden = Ops.tanh(pre);
                break;
            case "relu":
                hidden = Ops.relu(pre);
                break;
            case "sigmoid":
                hidden = Ops.sigmoid(pre);
                break;
            default:
                throw new DescentException("Case '" + name + "' has unknown activation '" + act
                        + "'; supported: tanh, relu, sigmoid");
        }
        Expr logits = hidden.matmul(w2).plus(b2);
        ModelGraph graph = ModelGraph.builder().output("logits", logits).loss(crossEntropy(logits, y, k)).build();
        return runWithData(c, name, "mlp", graph, Dataset.of("x", xs, "y", ys), List.of(), MLP_TOLERANCE);
    }

    /** torch's CrossEntropyLoss (mean) from logits [batch, k]: {@code -mean_i log_softmax(logits_i)[y_i]}. */
    private static Expr crossEntropy(Expr logits, Expr labels, int k) {
        return Ops.neg(Ops.mean(Ops.sum(Ops.mul(Ops.oneHot(labels, k), Ops.logSoftmax(logits, 1)), false, 1)));
    }

    // ------------------------------------------------------------------ sequential (torch-layers.json)

    private static CaseResult replaySequential(JsonNode c, String name) {
        TorchModules modules = new TorchModules(TorchModules.stateDict(required(c, "init", name)));
        JsonNode shape = required(c, "input_shape", name);
        long[] dims = new long[shape.size() + 1];
        dims[0] = Shape.ANY;
        for (int i = 0; i < shape.size(); i++) {
            dims[i + 1] = shape.get(i).asLong();
        }
        boolean indices = "int64".equals(c.path("input_dtype").asText("float32"));
        Expr x = indices ? Ops.indexInput("x", dims) : Ops.input("x", dims);
        Expr out = modules.apply(required(c, "layers", name), x);
        INDArray xs = JsonArrays.tensor(required(c.path("data"), "x", name));
        INDArray ys = JsonArrays.tensor(required(c.path("data"), "y", name));
        String lossName = required(c, "loss", name).asText();
        Expr loss;
        switch (lossName) {
            case "cross_entropy":
                loss = crossEntropy(out, Ops.indexInput("y", Shape.ANY), Math.toIntExact(out.shape().dim(1)));
                break;
            case "mse_mean":
                loss = Ops.mean(Ops.square(out.minus(Ops.input("y", out.shape().dims()))));
                break;
            default:
                throw new DescentException("Case '" + name + "' has unknown loss '" + lossName + "'; supported: cross_entropy, mse_mean");
        }
        ModelGraph graph = ModelGraph.builder().output("pred", out).loss(loss).build();
        JsonNode eval = c.path("eval");
        return runWithData(c, name, "sequential", graph, Dataset.of("x", xs, "y", ys), List.of(), SEQUENTIAL_TOLERANCE,
                SEQUENTIAL_FLOOR, (model, torchName) -> {
                    String ours = TorchModules.ours(torchName);
                    INDArray v = model.parameters().containsKey(ours) ? model.parameters().get(ours) : model.buffers().get(ours);
                    return v == null ? null : modules.toTorch(torchName, v);
                }, (model, dev) -> {
                    if (eval.isObject()) {
                        // evaluation mode on the rows torch evaluated after training (running statistics)
                        INDArray[] rows = new INDArray[eval.path("rows").size()];
                        for (int i = 0; i < rows.length; i++) {
                            INDArray row = xs.slice(eval.path("rows").get(i).asInt());
                            rows[i] = row.reshape(prepend1(row.shape()));
                        }
                        INDArray pred = model.output(Map.of("x", Nd4j.concat(0, rows)), List.of("pred")).get("pred");
                        compareFlat(dev, "eval output", pred, eval.path("output"));
                    }
                });
    }

    private static long[] prepend1(long[] shape) {
        long[] out = new long[shape.length + 1];
        out[0] = 1;
        System.arraycopy(shape, 0, out, 1, shape.length);
        return out;
    }

    private static void compareFlat(Deviations dev, String what, INDArray ours, JsonNode ref) {
        float[] flat = ours.dup('c').data().asFloat();
        double[] r = JsonArrays.flatten(ref);
        if (flat.length != r.length) {
            throw new DescentException(what + ": ours has " + flat.length + " values, torch's " + r.length);
        }
        for (int i = 0; i < r.length; i++) {
            dev.compare(what, -1, flat[i], r[i]);
        }
    }

    // ------------------------------------------------------------------ shared

    private static CaseResult runWithData(JsonNode c, String name, String kind, ModelGraph graph, Dataset data,
            List<String> perStepParams, double defaultTol) {
        return runWithData(c, name, kind, graph, data, perStepParams, defaultTol, ABS_FLOOR,
                (model, key) -> model.parameters().get(key), (model, dev) -> { });
    }

    /**
     * Trains on the case's batches, comparing each step's loss (and {@code perStepParams}), then the
     * {@code final} state ({@code finalValue} finds our array for each of its names, in torch's
     * layout, or null), then whatever {@code after} compares on the trained model.
     */
    private static CaseResult runWithData(JsonNode c, String name, String kind, ModelGraph graph, Dataset data,
            List<String> perStepParams, double defaultTol, double floor,
            java.util.function.BiFunction<CompiledModel, String, INDArray> finalValue,
            java.util.function.BiConsumer<CompiledModel, Deviations> after) {
        double tol = c.path("tolerance").asDouble(defaultTol);
        List<int[]> batches = new ArrayList<>();
        for (JsonNode b : required(c, "batches", name)) {
            int[] idx = new int[b.size()];
            for (int i = 0; i < idx.length; i++) {
                idx[i] = b.get(i).asInt();
            }
            batches.add(idx);
        }
        JsonNode traj = required(c, "trajectory", name);
        try (CompiledModel model = GraphCompiler.compile(graph)) {
            Deviations dev = new Deviations(tol, floor);
            Trainer trainer = Trainer.create(model, TrainingPlan.builder().optimizer(rule(c, name)).groups(groups(c))
                    .batching(Batching.replay(batches))
                    .steps(batches.size())
                    .onStep(r -> {
                        JsonNode ref = traj.path((int) r.step());
                        dev.compare("loss", r.step(), r.loss(), ref.path("loss"));
                        for (String p : perStepParams) {
                            dev.compare(p, r.step(), model.parameters().get(p).getDouble(0), ref.path(p));
                        }
                    }).build());
            History h = trainer.fit(data);
            JsonNode fin = c.path("final");
            if (fin.isObject()) {
                Iterator<Map.Entry<String, JsonNode>> it = fin.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    INDArray ours = finalValue.apply(model, e.getKey());
                    if (ours == null) {
                        throw new DescentException("Case '" + name + "' has final values for unknown parameter '" + e.getKey() + "'");
                    }
                    compareFlat(dev, e.getKey(), ours, e.getValue());
                }
            }
            after.accept(model, dev);
            return dev.result(name, kind, h.steps().size(), traj.size());
        }
    }

    /** The case's rule: {@code optimizer_class} (torch's class name, default SGD) lower-cased is the registry name. */
    private static UpdateRule rule(JsonNode c, String name) {
        String cls = c.path("optimizer_class").asText("SGD");
        Map<String, Object> kwargs = kwargs(required(c, "optimizer", name));
        try {
            return UpdateRules.create(cls.toLowerCase(Locale.ROOT), kwargs);
        } catch (IllegalArgumentException e) {
            throw new DescentException("Case '" + name + "': cannot build optimizer_class " + cls + " with " + kwargs
                    + ": " + e.getMessage(), e);
        }
    }

    /** Groups as {@code {"w": {...}, "b": {...}}} or as torch's list {@code [{"params": ["w"], ...}]}. */
    private static List<ParamGroup> groups(JsonNode c) {
        JsonNode g = c.path("groups");
        List<ParamGroup> out = new ArrayList<>();
        if (g.isObject()) {
            g.fields().forEachRemaining(e -> out.add(new ParamGroup(List.of(e.getKey()), kwargs(e.getValue()))));
        } else if (g.isArray()) {
            for (JsonNode spec : g) {
                List<String> params = new ArrayList<>();
                spec.path("params").forEach(p -> params.add(p.asText()));
                Map<String, Object> o = kwargs(spec);
                o.remove("params");
                out.add(new ParamGroup(params, o));
            }
        }
        return out;
    }

    /** torch keyword arguments: booleans, numbers (as doubles), lists of numbers (torch's {@code betas}) and text. */
    private static Map<String, Object> kwargs(JsonNode node) {
        Map<String, Object> m = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("params")) {
                m.put(e.getKey(), value(e.getValue()));
            }
        });
        return m;
    }

    private static Object value(JsonNode v) {
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isArray()) {
            List<Object> items = new ArrayList<>();
            v.forEach(x -> items.add(value(x)));
            return items;
        }
        return v.asText();
    }

    private static JsonNode required(JsonNode node, String field, String caseName) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new DescentException("Case '" + caseName + "' lacks the field '" + field
                    + "'; see golden/README.md for the format");
        }
        return v;
    }

    private static INDArray matrix(JsonNode rows) {
        int n = rows.size();
        int m = rows.get(0).size();
        float[][] a = new float[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                a[i][j] = (float) rows.get(i).get(j).asDouble();
            }
        }
        return Nd4j.createFromArray(a);
    }

    private static INDArray vector(JsonNode values) {
        float[] a = new float[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) values.get(i).asDouble();
        }
        return Nd4j.createFromArray(a);
    }

    /** Tracks the max relative deviation per quantity and the first failure. */
    private static final class Deviations {
        private final double tol;
        private final double floor;
        private final Map<String, Double> max = new LinkedHashMap<>();
        private String firstFailure = "";

        Deviations(double tol) {
            this(tol, ABS_FLOOR);
        }

        Deviations(double tol, double floor) {
            this.tol = tol;
            this.floor = floor;
        }

        void compare(String what, long step, double ours, JsonNode ref) {
            if (ref.isMissingNode() || ref.isNull()) {
                return;
            }
            compare(what, step, ours, ref.asDouble());
        }

        void compare(String what, long step, double ours, double ref) {
            double err = Math.abs(ours - ref);
            // scaled so that dev <= tol exactly when err <= max(tol * |ref|, floor)
            double dev = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / Math.max(Math.abs(ref), floor / tol);
            max.merge(what, dev, Math::max);
            if (dev > tol && firstFailure.isEmpty()) {
                firstFailure = what + (step < 0 ? "" : " at step " + step) + ": ours " + ours + ", torch " + ref;
            }
        }

        CaseResult result(String name, String kind, int steps, int expectedSteps) {
            String failure = firstFailure;
            if (steps != expectedSteps && failure.isEmpty()) {
                failure = "ran " + steps + " steps but the trace has " + expectedSteps;
            }
            Map<String, Double> params = new LinkedHashMap<>(max);
            double lossDev = params.getOrDefault("loss", 0.0);
            params.remove("loss");
            return new CaseResult(name, kind, steps, lossDev, params, tol, failure.isEmpty(), failure);
        }
    }
}

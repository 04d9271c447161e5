package dev.descent.dsl;

import dev.descent.DescentException;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Dataset;
import dev.descent.data.Split;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.metric.Metric;
import dev.descent.dsl.nn.AuxiliaryInput;
import dev.descent.dsl.nn.Sequential;
import dev.descent.dsl.progress.ProgressReporter;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.OpKind;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.store.ModelFile;
import dev.descent.train.History;
import dev.descent.train.StopRule;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A trainable model: a prediction, a loss against a target, compiled once. Train it with
 * {@link #fit}, then {@link #evaluate}, {@link #predict} and {@link #save}.
 *
 * <pre>{@code
 * Model model = Model.of(Sequential.of(s -> s.input(4).dense(16, Activation.relu()).dense(3)),
 *                        Loss.crossEntropy());
 * History h = model.fit(train, t -> t.optimizer(Descent.sgd(0.1).momentum(0.9)).miniBatch(16).epochs(50));
 * double acc = model.evaluate(test, Metric.accuracy()).get("accuracy");
 * }</pre>
 *
 * Data sets hold the model's inputs under their names ({@code "x"} for a {@link Sequential}) and
 * the target under {@code "y"}.
 */
public final class Model implements AutoCloseable {
    /** The name of the output that holds predictions. */
    public static final String PREDICTION = "pred";
    /** The default name of the target input. */
    public static final String TARGET = "y";
    private static final int EVAL_BATCH = 4096;

    private final ModelGraph graph;
    private final CompiledModel compiled;
    private final List<String> predictionInputs;
    private final String targetName;
    private final List<AuxiliaryInput> auxiliary;
    private final Map<String, String> metadata;
    private @Nullable Trainer lastTrainer;

    private Model(ModelGraph graph, String targetName, List<AuxiliaryInput> auxiliary, Map<String, String> metadata) {
        this.graph = graph;
        this.targetName = targetName;
        this.auxiliary = List.copyOf(auxiliary);
        this.metadata = Map.copyOf(metadata);
        List<String> ins = new ArrayList<>(graph.inputsOf(graph.outputs().get(PREDICTION)));
        auxiliary.forEach(a -> ins.remove(a.name()));
        this.predictionInputs = List.copyOf(ins);
        this.compiled = GraphCompiler.compile(graph);
    }

    /** A sequential network trained against target {@code "y"} with {@code loss}. */
    public static Model of(Sequential net, Loss loss) {
        Expr target = targetFor(loss, net.output());
        ModelGraph g = ModelGraph.builder().output(PREDICTION, net.output()).loss(loss.apply(net.output(), target)).build();
        return new Model(g, TARGET, net.auxiliaryInputs(), Map.of("architecture", "sequential", "summary",
                net.summary().replace('\n', ';')));
    }

    /** An expression model: {@code prediction} over inputs and parameters you declared, trained with {@code loss}. */
    public static Model of(Expr prediction, Loss loss) {
        Expr target = targetFor(loss, prediction);
        ModelGraph g = ModelGraph.builder().output(PREDICTION, prediction).loss(loss.apply(prediction, target)).build();
        return new Model(g, TARGET, List.of(), Map.of("architecture", "expression"));
    }

    /**
     * Full control: a prediction and a loss expression that you wrote yourself (its inputs, other
     * than the prediction's, are the targets).
     */
    public static Model of(Expr prediction, Expr loss) {
        ModelGraph g = ModelGraph.builder().output(PREDICTION, prediction).loss(loss).build();
        return new Model(g, TARGET, List.of(), Map.of("architecture", "expression"));
    }

    private static Expr targetFor(Loss loss, Expr prediction) {
        if (prediction.shape().rank() < 1 || prediction.shape().dim(0) != Shape.ANY) {
            throw new DescentException("The prediction " + prediction.name() + prediction.shape()
                    + " has no batch dimension; a model trained against targets needs one (declare inputs with Shape.ANY first)");
        }
        if (loss.takesClassIndices()) {
            return Ops.indexInput(TARGET, Shape.ANY);
        }
        return Ops.input(TARGET, prediction.shape().dims());
    }

    /**
     * Trains with a configuration built in place; see {@link #fit(Dataset, TrainingConfig)}.
     *
     * <pre>{@code
     * model.fit(data, t -> t.optimizer(Descent.sgd(0.1).momentum(0.9)).miniBatch(10).epochs(50).quiet());
     * }</pre>
     *
     * In Kotlin this is a trailing lambda whose builder is {@code it} (a Java {@code Consumer}
     * cannot be a receiver lambda): {@code model.fit(data) { it.optimizer(sgd(0.1)).epochs(50).quiet() }}.
     */
    public History fit(Dataset data, Consumer<TrainingConfig.Builder> configure) {
        TrainingConfig.Builder b = TrainingConfig.builder();
        configure.accept(b);
        return fit(data, b.build());
    }

    /**
     * Trains on {@code data}. Returns the history: per-step loss, learning rate, samples
     * processed and gradient norm, and per-epoch loss plus validation metrics ({@code val_loss},
     * {@code val_accuracy}...).
     */
    public History fit(Dataset data, TrainingConfig cfg) {
        Objects.requireNonNull(data, "data");
        checkDataset(data, true);
        TrainingPlan plan = cfg.plan();
        Dataset train = data;
        Dataset validation = cfg.validation();
        if (cfg.validationSplit() > 0) {
            Split split = data.split(1 - cfg.validationSplit(), plan.seed());
            train = split.train();
            validation = split.validation();
        }
        if (validation != null) {
            checkDataset(validation, true);
        }
        // what only Model.fit adds to the plan: dropout masks, validation metrics, the progress display
        TrainingPlan.Builder tb = plan.toBuilder();
        if (!auxiliary.isEmpty()) {
            long seed = plan.seed();
            tb.extraInputs((step, batchSize) -> auxFeed(batchSize, true, seed * 1_000_003L + step));
        }
        final Dataset val = validation;
        List<Metric> metrics = cfg.metrics();
        if (val != null) {
            tb.evaluator(epoch -> {
                Map<String, Double> m = new LinkedHashMap<>();
                evaluate(val, metrics.toArray(new Metric[0])).forEach((k, v) -> m.put("val_" + k, v));
                return m;
            });
        }
        long totalSteps = plan.plannedSteps(train.size());
        ProgressReporter progress = reporter(cfg.progress(), totalSteps);
        if (progress != null) {
            progress.start(totalSteps, "step");
            tb.onStep(r -> progress.update(Math.min(r.step() + 1, totalSteps), r.loss()));
        }
        Trainer trainer = Trainer.create(compiled, tb.build());
        lastTrainer = trainer;
        try {
            return trainer.fit(train);
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
    }

    private static @Nullable ProgressReporter reporter(Progress mode, long totalSteps) {
        if (totalSteps <= 0) {
            return null;
        }
        switch (mode) {
            case QUIET:
                return null;
            case LINES:
                return ProgressReporter.lines(System.err);
            default:
                return ProgressReporter.auto();
        }
    }

    /** Predictions for a single-input model, as a new array. */
    public INDArray predict(INDArray x) {
        if (predictionInputs.size() != 1) {
            throw new DescentException("predict(INDArray) needs a model with one input, but this one has "
                    + predictionInputs + ". Fix: call predict(Map.of(name, array, ...)).");
        }
        return predict(Map.of(predictionInputs.get(0), x));
    }

    /** Predictions for named inputs, as a new array (evaluated in chunks, dropout off). */
    public INDArray predict(Map<String, INDArray> inputs) {
        long n = -1;
        for (String name : predictionInputs) {
            INDArray a = inputs.get(name);
            if (a == null) {
                throw new DescentException("Missing input '" + name + "': the model predicts from " + predictionInputs);
            }
            n = a.rank() == 0 ? 1 : a.size(0);
        }
        List<INDArray> parts = new ArrayList<>();
        for (long from = 0; from < n; from += EVAL_BATCH) {
            long to = Math.min(n, from + EVAL_BATCH);
            Map<String, INDArray> feed = new LinkedHashMap<>();
            for (String name : predictionInputs) {
                INDArray a = inputs.get(name);
                feed.put(name, from == 0 && to == n ? a : rows(a, from, to));
            }
            feed.putAll(auxFeed(to - from, false, 0));
            parts.add(compiled.output(feed, List.of(PREDICTION)).get(PREDICTION));
        }
        return parts.size() == 1 ? parts.get(0) : Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }

    /**
     * The loss and the given metrics on a data set ({@code "loss"} is always included; the loss
     * is averaged over chunks weighted by their size, exact for mean-reduced losses).
     */
    public Map<String, Double> evaluate(Dataset data, Metric... metrics) {
        checkDataset(data, true);
        INDArray targets = data.array(targetName);
        Map<String, INDArray> inputs = new LinkedHashMap<>();
        for (String name : predictionInputs) {
            inputs.put(name, data.array(name));
        }
        double lossSum = 0;
        int n = data.size();
        for (int from = 0; from < n; from += EVAL_BATCH) {
            int to = Math.min(n, from + EVAL_BATCH);
            Map<String, INDArray> feed = new LinkedHashMap<>();
            for (Map.Entry<String, INDArray> e : data.arrays().entrySet()) {
                if (graph.inputs().containsKey(e.getKey())) {
                    feed.put(e.getKey(), from == 0 && to == n ? e.getValue() : rows(e.getValue(), from, to));
                }
            }
            feed.putAll(auxFeed(to - from, false, 0));
            lossSum += compiled.loss(feed) * (to - from);
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("loss", lossSum / n);
        if (metrics.length > 0) {
            INDArray pred = predict(inputs);
            for (Metric m : metrics) {
                out.put(m.name(), m.compute(pred, targets));
            }
        }
        return out;
    }

    private void checkDataset(Dataset data, boolean needTarget) {
        for (String name : predictionInputs) {
            if (!data.arrays().containsKey(name)) {
                throw new DescentException("The data set has no array '" + name + "' (it holds " + data.arrays().keySet()
                        + "); the model reads its input from '" + name + "'. Fix: Dataset.of(\"" + name + "\", x, \""
                        + targetName + "\", y).");
            }
        }
        if (needTarget && !data.arrays().containsKey(targetName) && graph.inputs().containsKey(targetName)) {
            throw new DescentException("The data set has no target array '" + targetName + "' (it holds "
                    + data.arrays().keySet() + "). Fix: add the targets under '" + targetName + "'.");
        }
    }

    private Map<String, INDArray> auxFeed(long batchSize, boolean training, long seed) {
        if (auxiliary.isEmpty()) {
            return Map.of();
        }
        Map<String, INDArray> feed = new LinkedHashMap<>();
        for (AuxiliaryInput a : auxiliary) {
            feed.put(a.name(), training ? a.trainingValue(batchSize, seed) : a.evalValue(batchSize));
        }
        return feed;
    }

    private static INDArray rows(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.interval(from, to)).dup();
    }

    /** Live parameter values by name. */
    public Map<String, INDArray> parameters() {
        return compiled.parameters();
    }

    /**
     * Live buffers by name: the running statistics of batch-norm layers ({@code layer1.running_mean},
     * {@code layer1.running_var}), moved by every training step of {@link #fit} and used by
     * {@link #predict} and {@link #evaluate}; saved with the parameters. Empty without batch norm.
     */
    public Map<String, INDArray> buffers() {
        return compiled.buffers();
    }

    /** The declaration this model was compiled from. */
    public ModelGraph graph() {
        return graph;
    }

    /** The trainer of the last {@link #fit} (for checkpoints and state), if any. */
    public @Nullable Trainer lastTrainer() {
        return lastTrainer;
    }

    /** Inputs the prediction reads. */
    public List<String> inputNames() {
        return predictionInputs;
    }

    /** Parameter names with shapes and the total count (buffers listed after it, not counted). */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        long total = 0;
        for (Map.Entry<String, INDArray> e : compiled.parameters().entrySet()) {
            sb.append(String.format("%-24s %s%n", e.getKey(), Arrays.toString(e.getValue().shape())));
            total += e.getValue().length();
        }
        sb.append(String.format("%-24s %,d%n", "parameters", total));
        compiled.buffers().forEach((k, v) -> sb.append(String.format("%-24s %s (buffer)%n", k, Arrays.toString(v.shape()))));
        return sb.toString();
    }

    /** Saves architecture, trained parameters and metadata atomically (see {@code ./descent inspect}). */
    public void save(Path path) {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("target", targetName);
        List<String> aux = new ArrayList<>();
        auxiliary.forEach(a -> aux.add(a.name()));
        meta.put("auxiliary", String.join(",", aux));
        Map<String, INDArray> values = new LinkedHashMap<>(compiled.parameters());
        values.putAll(compiled.buffers());
        ModelFile.save(path, graph, values, meta);
    }

    /**
     * Loads a model saved by {@link #save}; it predicts, evaluates and trains further (dropout
     * layers of a loaded model are fed as if in evaluation mode).
     */
    public static Model load(Path path) {
        ModelFile.SavedModel saved = ModelFile.load(path);
        if (!saved.graph().outputs().containsKey(PREDICTION)) {
            throw new DescentException(path + " holds no '" + PREDICTION + "' output; it was not saved by Model.save");
        }
        List<AuxiliaryInput> aux = new ArrayList<>();
        String auxNames = saved.metadata().getOrDefault("auxiliary", "");
        for (String name : auxNames.isEmpty() ? new String[0] : auxNames.split(",")) {
            Expr in = saved.graph().inputs().get(name);
            if (in == null || in.op() != OpKind.INPUT) {
                throw new DescentException(path + " lists auxiliary input '" + name + "' that its graph lacks");
            }
            aux.add(new OnesInput(name, in.shape()));
        }
        return new Model(saved.graph(), saved.metadata().getOrDefault("target", TARGET), aux, saved.metadata());
    }

    /** A loaded model's dropout masks: ones, in training and in evaluation. */
    private record OnesInput(String name, Shape shape) implements AuxiliaryInput {
        @Override
        public INDArray trainingValue(long batchSize, long seed) {
            return evalValue(batchSize);
        }

        @Override
        public INDArray evalValue(long batchSize) {
            long[] dims = shape.dims();
            dims[0] = batchSize;
            return Nd4j.ones(DataType.FLOAT, dims);
        }
    }

    @Override
    public void close() {
        compiled.close();
    }

    /** A stop rule shortcut for Kotlin and Java callers: stop when the loss reaches {@code target}. */
    public static StopRule lossBelow(double target) {
        return StopRule.lossBelow(target);
    }
}

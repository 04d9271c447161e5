package dev.descent.dsl;

import dev.descent.DescentException;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.ClassLabels;
import dev.descent.data.Dataset;
import dev.descent.data.Split;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.metric.Metric;
import dev.descent.dsl.nn.AuxiliaryInput;
import dev.descent.dsl.nn.Sequential;
import dev.descent.dsl.nn.TorchParameter;
import dev.descent.dsl.progress.ProgressReporter;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.OpKind;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.optim.ParamGroup;
import dev.descent.store.Checkpoint;
import dev.descent.store.ModelFile;
import dev.descent.train.History;
import dev.descent.train.StopRule;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import dev.descent.train.TrainingState;
import java.nio.file.Files;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(Model.class);
    /** The name of the output that holds predictions. */
    public static final String PREDICTION = "pred";
    /** The default name of the target input. */
    public static final String TARGET = "y";
    private static final int EVAL_BATCH = 4096;
    /** The metadata key under which a model file keeps the class names (a JSON array); absent in older files. */
    static final String CLASS_LABELS = "classLabels";

    private final ModelGraph graph;
    private final CompiledModel compiled;
    private final List<String> predictionInputs;
    private final String targetName;
    private final List<AuxiliaryInput> auxiliary;
    private final Map<String, String> metadata;
    /** The parameters under torch's state_dict names and layouts. */
    private final List<TorchParameter> torchLayout;
    private @Nullable ClassLabels classLabels;
    private @Nullable Trainer lastTrainer;

    private Model(ModelGraph graph, String targetName, List<AuxiliaryInput> auxiliary, Map<String, String> metadata,
            List<TorchParameter> torchLayout) {
        this.graph = graph;
        this.targetName = targetName;
        this.auxiliary = List.copyOf(auxiliary);
        this.metadata = Map.copyOf(metadata);
        this.torchLayout = List.copyOf(torchLayout);
        String names = metadata.get(CLASS_LABELS);
        this.classLabels = names == null ? null : ClassLabels.fromJson(names);
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
                net.summary().replace('\n', ';'), TorchWeights.METADATA_KEY, TorchWeights.encode(net.torchParameters())),
                net.torchParameters());
    }

    /** An expression model: {@code prediction} over inputs and parameters you declared, trained with {@code loss}. */
    public static Model of(Expr prediction, Loss loss) {
        Expr target = targetFor(loss, prediction);
        ModelGraph g = ModelGraph.builder().output(PREDICTION, prediction).loss(loss.apply(prediction, target)).build();
        return new Model(g, TARGET, List.of(), Map.of("architecture", "expression"), TorchWeights.identity(List.copyOf(g.params().keySet())));
    }

    /**
     * Full control: a prediction and a loss expression that you wrote yourself (its inputs, other
     * than the prediction's, are the targets).
     */
    public static Model of(Expr prediction, Expr loss) {
        ModelGraph g = ModelGraph.builder().output(PREDICTION, prediction).loss(loss).build();
        return new Model(g, TARGET, List.of(), Map.of("architecture", "expression"), TorchWeights.identity(List.copyOf(g.params().keySet())));
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
     * Trains on {@code data}. Returns the history of this call: per-step loss, learning rate,
     * samples processed and gradient norm, and per-epoch loss plus validation metrics
     * ({@code val_loss}, {@code val_accuracy}...).
     *
     * <p><b>A second {@code fit} continues the first</b>: the optimizer state (momentum buffers,
     * Adam's moments and step counts), the sampler's position (the epoch's permutation and the
     * offset in it, its random state), the step and epoch counters (so schedules, dropout masks and
     * the history's step numbers go on) and any schedule state are kept, and the configured length
     * counts from there: {@code epochs(3)} trains 3 more epochs, {@code steps(100)} 100 more steps
     * (stop rules given with {@code stopWhen} see the run's totals). Two fits of 2 and 3 epochs give
     * the bits of one fit of 5. The configuration may change what the state does not depend on
     * (learning rate, schedule, metrics, validation, stop rules). A fit whose update rule, parameter
     * groups, batching or number of training samples differ from the previous fit's cannot continue
     * its run and starts afresh, as {@link TrainingConfig.Builder#reset()} asks for explicitly: new
     * optimizer state, the sampler from its seed, counters from 0, the current parameters (as a
     * model just loaded, or a Keras model whose optimizer is rebuilt). (Keras keeps the optimizer
     * state across fits but reshuffles from the seed and counts epochs from 0.)
     *
     * <p>{@link TrainingConfig.Builder#resumeFrom} restores a checkpoint first (and takes precedence
     * over continuing): the configuration then trains to its planned length in total, bit-identical
     * to a run never interrupted.
     */
    public History fit(Dataset data, TrainingConfig cfg) {
        Objects.requireNonNull(data, "data");
        checkDataset(data, true);
        ClassLabels names = data.classLabels().get(targetName);
        if (names != null) {
            classLabels = names;
        }
        TrainingPlan plan = cfg.plan();
        Path resume = resumeFile(cfg);
        Dataset train = data;
        Dataset validation = cfg.validation();
        if (cfg.validationSplit() > 0) {
            Split split = data.split(1 - cfg.validationSplit(), plan.seed());
            train = split.train();
            validation = split.validation();
        }
        Trainer previous = lastTrainer;
        TrainingState carried = previous != null && !cfg.reset() && resume == null ? previous.exportState() : null;
        if (carried != null && previous != null && !continuable(previous, carried, plan, train.size())) {
            LOG.debug("this fit starts afresh: its update rule, groups, batching or data size differ from the previous fit's");
            carried = null;
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
        if (cfg.checkpointFile() != null) {
            tb.checkpointEvery(cfg.checkpointSteps(), Checkpoint.writer(cfg.checkpointFile(), graph));
        }
        if (carried != null) {
            // the configured length counts from where the previous fit stopped
            if (plan.epochs() > 0) {
                tb.epochs(carried.epoch() + plan.epochs());
            } else if (plan.steps() > 0) {
                tb.steps(carried.step() + plan.steps());
            }
        }
        long totalSteps = tb.build().plannedSteps(train.size());
        ProgressReporter progress = reporter(cfg.progress(), totalSteps);
        if (progress != null) {
            progress.start(totalSteps, "step");
            tb.onStep(r -> progress.update(Math.min(r.step() + 1, totalSteps), r.loss()));
        }
        Trainer trainer = Trainer.create(compiled, tb.build());
        if (resume != null) {
            Checkpoint.restore(resume, trainer);
        } else if (carried != null) {
            trainer.restoreState(carried); // continuable: it fits
        }
        lastTrainer = trainer;
        try {
            return trainer.fit(train);
        } finally {
            if (progress != null) {
                progress.finish();
            }
        }
    }

    /** The checkpoint to resume from, or null (none given, or a missing one with resumeIfPresent). */
    private static @Nullable Path resumeFile(TrainingConfig cfg) {
        Path p = cfg.resumeFrom();
        if (p == null || Files.exists(p)) {
            return p;
        }
        if (cfg.resumeIfPresent()) {
            return null;
        }
        throw new DescentException("Cannot resume from " + p + ": no such file. Fix: pass the checkpoint that"
                + " checkpointEvery(n, path) wrote, or use resumeIfPresent(path) to start afresh when there is none yet.");
    }

    /**
     * Whether a fit with {@code plan} on {@code trainSize} samples can continue the run {@code previous}
     * left in {@code state}: the same update rule, parameter groups and batching, the same number of samples.
     */
    private static boolean continuable(Trainer previous, TrainingState state, TrainingPlan plan, int trainSize) {
        TrainingPlan before = previous.plan();
        return before.rule().name().equals(plan.rule().name())
                && groupParams(before).equals(groupParams(plan))
                && before.batching().describe().equals(plan.batching().describe())
                && (state.sampler() == null || state.sampler().datasetSize() == trainSize);
    }

    private static List<List<String>> groupParams(TrainingPlan plan) {
        return plan.groups().stream().map(ParamGroup::params).toList();
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

    /**
     * The class names this model answers with: those of the target array of the last data set with
     * class names it was trained on ({@link Dataset#classLabels()}, e.g. a CSV's string labels), or
     * of the file it was loaded from; empty if it has none.
     */
    public List<String> classLabels() {
        return classLabels == null ? List.of() : classLabels.names();
    }

    /**
     * The predicted class name of each row of {@code x}: the class with the highest score
     * (predictions of shape {@code [N, k]}, one score per class).
     *
     * <pre>{@code
     * model.fit(Csv.builder().path("iris.csv").target("species").classIndex().read(), t -> ...);
     * List<String> species = model.predictLabels(x);   // ["setosa", "virginica", ...]
     * }</pre>
     *
     * @throws DescentException if the model has no class names or its predictions are not {@code [N, k]}
     *     with one column per class
     */
    public List<String> predictLabels(INDArray x) {
        ClassLabels names = classLabels;
        if (names == null) {
            throw new DescentException("This model has no class names: train it on a dataset with class labels"
                    + " (e.g. Csv.builder()...target(\"species\").classIndex() on string labels) or load a file saved from one");
        }
        INDArray scores = predict(x);
        if (scores.rank() != 2 || scores.size(1) != names.size()) {
            throw new DescentException("predictLabels needs predictions of shape [N, " + names.size() + "] (one score per class of "
                    + names.names() + "), but the model predicts " + Arrays.toString(scores.shape()));
        }
        long[] best = scores.argMax(1).toLongVector();
        List<String> out = new ArrayList<>(best.length);
        for (long b : best) {
            out.add(names.name((int) b));
        }
        return out;
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
        if (classLabels != null) {
            meta.put(CLASS_LABELS, classLabels.toJson());
        }
        ModelFile.save(path, graph, compiled.parametersAndBuffers(), meta);
    }

    /**
     * Where each parameter goes in PyTorch's {@code state_dict} ({@link Sequential#torchParameters()}
     * for a sequential model; an expression model's keep their names and layouts).
     */
    public List<TorchParameter> torchParameters() {
        return torchLayout;
    }

    /**
     * Writes the parameters as PyTorch's {@code state_dict} of the equivalent {@code nn.Sequential}
     * to a safetensors file (atomically): torch's names ({@code 0.weight}, {@code 0.bias},
     * {@code 2.weight}... see {@link Sequential#torchParameters()}), dense weights transposed to
     * {@code [out, in]}, float32, metadata {@code format: pt}. In PyTorch:
     * {@code net.load_state_dict(safetensors.torch.load_file(path))}. An expression model's
     * parameters keep their names and layouts.
     */
    public void saveSafetensors(Path path) {
        TorchWeights.save(path, compiled.parametersAndBuffers(), torchLayout, Map.of("format", "pt"));
    }

    /**
     * Replaces the parameters with those of a PyTorch {@code state_dict} saved as safetensors
     * ({@code safetensors.torch.save_file(net.state_dict(), path)} for the {@code nn.Sequential}
     * this model mirrors): as torch's {@code load_state_dict(strict=True)}, every name must be there
     * with torch's shape and nothing else; weights are transposed back to {@code [in, out]};
     * float64, float16 and bfloat16 values are converted to float32 (exact for float32 files). A
     * later {@link #fit} continues the model's previous run with the new values, or starts afresh
     * with {@code reset()}.
     *
     * @throws DescentException naming the missing, unexpected or mis-shaped tensors, or the file's defect
     */
    public void loadSafetensors(Path path) {
        compiled.setParametersAndBuffers(TorchWeights.load(path, compiled.parametersAndBuffers(), torchLayout));
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
        return new Model(saved.graph(), saved.metadata().getOrDefault("target", TARGET), aux, saved.metadata(),
                TorchWeights.decode(saved.metadata(), List.copyOf(saved.graph().params().keySet()), path));
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

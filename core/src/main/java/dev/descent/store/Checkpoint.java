package dev.descent.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.DescentException;
import dev.descent.data.SamplerState;
import dev.descent.graph.ModelGraph;
import dev.descent.io.AtomicFiles;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.ParamState;
import dev.descent.optim.UpdateRule;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingState;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checkpoints of a training run: the model file plus the optimizer state, schedule state, sampler
 * position and counters. Resuming after N steps and training M more gives bit-identical parameters
 * to N+M steps straight through, in the same JVM or after a restart.
 *
 * <pre>{@code
 * Checkpoint.save(Path.of("run.ckpt"), graph, trainer);
 * // later, maybe in another JVM, with a trainer built the same way:
 * Checkpoint.restore(Path.of("run.ckpt"), trainer);
 * trainer.fit(data);
 * }</pre>
 */
public final class Checkpoint {
    private Checkpoint() {
    }

    /**
     * Where a plan's checkpoints go: {@code TrainingPlan.builder()...checkpointEvery(100, Checkpoint.writer(path, graph))}
     * saves the run to {@code path} (atomically, replacing the previous one) every 100 steps and when
     * {@code fit} returns.
     */
    public static dev.descent.train.CheckpointWriter writer(Path path, ModelGraph graph) {
        java.util.Objects.requireNonNull(path, "path");
        java.util.Objects.requireNonNull(graph, "graph");
        return trainer -> save(path, graph, trainer);
    }

    /** Writes the trainer's state atomically (temp file, fsync, rename): the previous checkpoint survives any failure. */
    public static void save(Path path, ModelGraph graph, Trainer trainer) {
        save(path, graph, trainer, Map.of());
    }

    /**
     * Like {@link #save(Path, ModelGraph, Trainer)}, with free-form metadata (shown by {@code descent inspect}).
     * Call it from the training thread (e.g. in a step listener), between steps.
     */
    public static void save(Path path, ModelGraph graph, Trainer trainer, Map<String, String> metadata) {
        AtomicFiles.writeBytes(path, toBytes(graph, trainer, metadata));
    }

    /**
     * The bytes {@link #save} would write, for storage that is not a local file (HDFS, S3 through
     * Hadoop's FileSystem, a database); apply them with {@link #restore(byte[], String, Trainer)}.
     *
     * <pre>{@code
     * byte[] bytes = Checkpoint.toBytes(graph, trainer, Map.of());
     * // later, to a trainer built the same way:
     * Checkpoint.restore(bytes, "hdfs:///runs/a.ckpt", trainer);
     * }</pre>
     */
    public static byte[] toBytes(ModelGraph graph, Trainer trainer, Map<String, String> metadata) {
        TrainingState s = trainer.exportState();
        ObjectNode t = Container.JSON.createObjectNode();
        t.put("step", s.step());
        t.put("epoch", s.epoch());
        t.put("totalSamples", s.totalSamples());
        t.put("epochLossSum", s.epochLossSum());
        t.put("epochSamples", s.epochSamples());
        t.put("epochSteps", s.epochSteps());
        ObjectNode opt = t.putObject("optimizer");
        UpdateRule rule = trainer.optimizer().rule(0);
        opt.put("rule", rule.name());
        opt.set("hyper", Container.JSON.valueToTree(rule.hyperParameters()));
        ArrayNode lrs = opt.putArray("groupLrs");
        s.optimizer().groupLrs().forEach(lrs::add);
        ObjectNode states = opt.putObject("states");
        Map<String, INDArray> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, ParamState> e : s.optimizer().states().entrySet()) {
            ObjectNode ps = states.putObject(e.getKey());
            ps.put("step", e.getValue().step());
            ArrayNode bufs = ps.putArray("buffers");
            for (Map.Entry<String, INDArray> b : e.getValue().buffers().entrySet()) {
                bufs.add(b.getKey());
                tensors.put("opt/" + e.getKey() + "/" + b.getKey(), b.getValue());
            }
        }
        SamplerState ss = s.sampler();
        if (ss != null) {
            ObjectNode sn = t.putObject("sampler");
            sn.put("batching", ss.batching());
            sn.put("datasetSize", ss.datasetSize());
            sn.put("epoch", ss.epoch());
            sn.put("stepInEpoch", ss.stepInEpoch());
            sn.put("rngState", ss.rngState());
        }
        if (s.scheduleState() != null) {
            t.set("schedule", Container.JSON.valueToTree(s.scheduleState()));
        }
        return ModelFile.encode("checkpoint", graph, s.params(), metadata, tensors, t);
    }

    /**
     * Reads, verifies and applies a checkpoint to a trainer built with the same model and configuration.
     *
     * @throws CorruptFileException if the file is damaged, not ours, or a model file without training state
     * @throws DescentException if it was saved from a different model, optimizer grouping or batching
     *     (the trainer is then left unchanged)
     */
    public static void restore(Path path, Trainer trainer) {
        restore(ModelFile.readAll(path), path.toString(), trainer);
    }

    /**
     * Verifies the bytes of a checkpoint (from {@link #toBytes} or a checkpoint file) and applies
     * them to a trainer built with the same model and configuration; {@code source} names them in
     * error messages.
     *
     * @throws CorruptFileException if the bytes are damaged or hold a model without training state
     */
    public static void restore(byte[] bytes, String source, Trainer trainer) {
        ModelFile.SavedModel m = ModelFile.fromBytes(bytes, source);
        JsonNode t = m.header().path("training");
        if (!"checkpoint".equals(m.kind()) || !t.isObject()) {
            throw new CorruptFileException(source + " is a " + m.kind() + " file without training state; "
                    + "resume needs a checkpoint written by Checkpoint.save");
        }
        Map<String, INDArray> params = new LinkedHashMap<>(m.parameters());
        params.putAll(m.buffers());
        Map<String, ParamState> states = new LinkedHashMap<>();
        t.path("optimizer").path("states").fields().forEachRemaining(e -> {
            INDArray param = params.get(e.getKey());
            if (param == null) {
                throw new CorruptFileException(source + " is malformed: optimizer state for unknown parameter " + e.getKey());
            }
            ParamState ps = new ParamState();
            ps.setStep(e.getValue().path("step").asLong());
            for (JsonNode b : e.getValue().path("buffers")) {
                INDArray arr = m.tensors().get("opt/" + e.getKey() + "/" + b.asText());
                if (arr == null) {
                    throw new CorruptFileException(source + " is malformed: optimizer buffer " + b.asText() + " of "
                            + e.getKey() + " is missing");
                }
                // optimizer kernels run BLAS over the parameter's length: a mis-shaped buffer from a
                // crafted file would read out of bounds natively, so it is refused here
                if (!java.util.Arrays.equals(arr.shape(), param.shape())) {
                    throw new CorruptFileException(source + " is malformed: optimizer buffer " + b.asText() + " of "
                            + e.getKey() + " has shape " + java.util.Arrays.toString(arr.shape()) + " but the parameter has "
                            + java.util.Arrays.toString(param.shape()));
                }
                ps.putBuffer(b.asText(), arr);
            }
            states.put(e.getKey(), ps);
        });
        List<Double> lrs = new ArrayList<>();
        t.path("optimizer").path("groupLrs").forEach(x -> lrs.add(x.asDouble()));
        JsonNode sn = t.path("sampler");
        SamplerState sampler;
        try {
            sampler = sn.isObject() ? new SamplerState(sn.path("batching").asText(), sn.path("datasetSize").asInt(),
                    sn.path("epoch").asLong(), sn.path("stepInEpoch").asInt(), sn.path("rngState").asLong()) : null;
        } catch (IllegalArgumentException e) {
            throw new CorruptFileException(source + " is malformed: its sampler position is invalid (" + e.getMessage() + ")");
        }
        if (params.size() != m.graph().params().size() + m.graph().buffers().size()) {
            throw new CorruptFileException(source + " is malformed: it lacks some parameter values");
        }
        Map<String, Double> schedule = null;
        if (t.path("schedule").isObject()) {
            Map<String, Double> sched = new LinkedHashMap<>();
            t.path("schedule").fields().forEachRemaining(e -> sched.put(e.getKey(), e.getValue().asDouble()));
            schedule = sched;
        }
        TrainingState state = new TrainingState(t.path("step").asLong(), t.path("epoch").asLong(),
                t.path("totalSamples").asLong(), t.path("epochLossSum").asDouble(), t.path("epochSamples").asLong(),
                t.path("epochSteps").asLong(), params, new OptimizerState(states, lrs), sampler, schedule);
        try {
            trainer.restoreState(state); // checks compatibility before it changes anything
        } catch (IllegalArgumentException e) {
            throw new DescentException("Checkpoint " + source + " does not fit this trainer: " + e.getMessage(), e);
        }
    }
}

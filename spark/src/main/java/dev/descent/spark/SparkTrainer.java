package dev.descent.spark;

import dev.descent.DescentException;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Shape;
import dev.descent.optim.GradientClipping;
import dev.descent.optim.ParamGroup;
import dev.descent.optim.UpdateRule;
import dev.descent.schedule.LrSchedule;
import dev.descent.store.Checkpoint;
import dev.descent.store.ModelFile;
import dev.descent.train.CheckpointWriter;
import dev.descent.train.EpochEvaluator;
import dev.descent.train.EpochListener;
import dev.descent.train.History;
import dev.descent.train.NonFinitePolicy;
import dev.descent.train.StepListener;
import dev.descent.train.StepRecord;
import dev.descent.train.StopRule;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import dev.descent.train.TrainingStatus;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a model on an RDD of samples with data-parallel gradient descent: full batch, single-sample
 * SGD or mini-batches, with Descent's optimizers, schedules and clipping, exactly as
 * {@link Trainer} does on one JVM.
 *
 * <p>Each step the driver draws the step's global sample indices from the {@link Batching} sampler
 * (the same sampler, so the same batches as local training with the same seed), broadcasts the
 * parameters and those indices once, every partition computes the loss and gradient sums of the
 * samples it holds with the model compiled once per executor JVM, the partitions' sums are added in
 * partition order (a tree of fixed shape, like {@code treeAggregate}'s, whatever order tasks finish
 * in), and the driver divides by the step's sample count and applies the optimizer. Samples never
 * move: they are numbered with {@code zipWithIndex} and cached once, in columnar blocks, where they
 * are. Only the summation order differs from local training, so parameters agree to float
 * rounding; and a run is reproducible to the bit: the same samples in the same partitions give the
 * same parameters in one JVM or on many executors, with retried tasks, lost executors or a driver
 * resumed from a checkpoint (given the same ND4J build and thread settings on every host).
 *
 * <p>With {@code spark.serializer=org.apache.spark.serializer.KryoSerializer} and
 * {@code spark.kryo.registrationRequired=true}, set {@code spark.kryo.registrator} to
 * {@link DescentKryoRegistrator} ({@link Builder#build} checks it).
 *
 * <pre>{@code
 * try (SparkTrainer t = SparkTrainer.builder(model.graph(), samples)   // JavaRDD<Sample>
 *         .optimizer(Sgd.builder().lr(0.05).momentum(0.9).build())
 *         .batching(Batching.miniBatch(64).seed(7))
 *         .epochs(10)
 *         .checkpointEvery(100, "hdfs:///runs/mlp.ckpt")
 *         .onSparkStep(r -> log.info("loss {} ({} ms)", r.loss(), r.totalMillis()))
 *         .build()) {
 *     t.restoreIfPresent("hdfs:///runs/mlp.ckpt");   // resume after a driver restart
 *     History h = t.fit();
 *     INDArray w = t.model().parameters().get("dense_0/W");
 * }
 * }</pre>
 */
public final class SparkTrainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SparkTrainer.class);

    private final ModelGraph graph;
    private final JavaSparkContext sc;
    private final CompiledModel local;
    private final DistributedModel distributed;
    private final JavaRDD<PartitionBlock> blocks;
    private final Broadcast<byte[]> modelFile;
    private final Dataset indices;
    private final Trainer trainer;
    private final int samples;
    private final List<SparkStepListener> sparkListeners;
    private final List<SparkStepRecord> sparkSteps = new ArrayList<>();
    private boolean closed;

    private SparkTrainer(Builder b, TrainingPlan plan) {
        this.graph = b.graph;
        this.sc = JavaSparkContext.fromSparkContext(b.samples.context());
        this.sparkListeners = List.copyOf(b.sparkListeners);
        this.local = GraphCompiler.compile(graph);
        Broadcast<byte[]> file = null;
        JavaRDD<PartitionBlock> cached = null;
        try {
            DescentKryoRegistrator.checkRegistered(sc.getConf(), sc.env().serializer());
            Feeds feeds = feeds(b, graph, local);
            byte[] bytes = ModelFile.toBytes(graph, local.parameters(), Map.of());
            String modelId = sha256(bytes);
            this.modelFile = file = sc.broadcast(bytes);
            this.blocks = cached = b.samples.zipWithIndex()
                    .mapPartitions(new PartitionBlock.Builder(feeds), true)
                    .setName("descent samples (columnar)")
                    .persist(b.storageLevel);
            long n = blocks.map(block -> (long) block.size).fold(0L, Long::sum);
            if (n == 0 || n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("Invalid training data: " + n + " samples (must be 1.." + Integer.MAX_VALUE
                        + "; Descent's batch samplers index samples with int)");
            }
            this.samples = (int) n;
            this.distributed = new DistributedModel(local, blocks,
                    new StepTask.Shared(modelId, modelFile, feeds, b.lossReduction, b.taskHook), b.aggregationDepth, samples);
            int[] idx = new int[samples];
            for (int i = 0; i < samples; i++) {
                idx[i] = i;
            }
            this.indices = Dataset.of(Map.of(DistributedModel.INDEX, Nd4j.createFromArray(idx)));
            this.trainer = trainer(plan);
            distributed.stepCounter(trainer::steps);
            LOG.info("Spark training of model {} on {} samples in {} partitions ({}, {} loss)", modelId.substring(0, 12),
                    samples, blocks.getNumPartitions(), plan.batching().describe(), b.lossReduction);
        } catch (RuntimeException e) {
            if (cached != null) {
                cached.unpersist(false);
            }
            if (file != null) {
                file.destroy();
            }
            local.close();
            throw e;
        }
    }

    public static Builder builder(ModelGraph graph, JavaRDD<Sample> samples) {
        return new Builder(graph, samples);
    }

    /** The local trainer over the distributed model: the plan, with Spark's step records. */
    private Trainer trainer(TrainingPlan plan) {
        return Trainer.create(distributed, plan.toBuilder().onStep(this::recordStep).build());
    }

    private static Feeds feeds(Builder b, ModelGraph graph, CompiledModel local) {
        Map<String, Expr> inputs = graph.inputs();
        String target = b.targetInput;
        if (target == null && !b.noTarget && inputs.containsKey(DEFAULT_TARGET) && local.inputNames().contains(DEFAULT_TARGET)) {
            target = DEFAULT_TARGET;
        }
        Set<String> fed = target == null ? Set.of(b.featureInput) : Set.of(b.featureInput, target);
        for (String needed : local.inputNames()) {
            if (!fed.contains(needed)) {
                throw new IllegalArgumentException("The model's loss needs input '" + needed + "' but samples feed only " + fed
                        + ". Fix: name the inputs with features(\"...\") and target(\"...\"); a Spark sample carries one "
                        + "feature array and one target array.");
            }
        }
        long[] featureDims = sampleDims(inputs, b.featureInput, "feature");
        long[] targetDims = target == null ? new long[0] : sampleDims(inputs, target, "target");
        return new Feeds(b.featureInput, featureDims, target, targetDims);
    }

    private static long[] sampleDims(Map<String, Expr> inputs, String name, String role) {
        Expr in = inputs.get(name);
        if (in == null) {
            throw new IllegalArgumentException("Invalid " + role + " input '" + name + "': the model has inputs "
                    + inputs.keySet() + ". Fix: pass one of those to " + role + (role.equals("feature") ? "s" : "") + "(...).");
        }
        long[] dims = in.shape().dims();
        if (dims.length == 0 || dims[0] != Shape.ANY) {
            throw new IllegalArgumentException("The " + role + " input '" + name + "' has shape " + in.shape()
                    + " without a batch axis first; distributed training splits batches across partitions. Fix: declare it "
                    + "with Shape.ANY as its first dimension.");
        }
        long[] rest = Arrays.copyOfRange(dims, 1, dims.length);
        for (long d : rest) {
            if (d == Shape.ANY) {
                throw new IllegalArgumentException("The " + role + " input '" + name + "' has shape " + in.shape()
                        + " with a free dimension after the batch axis; a sample must have a fixed size. Fix: declare "
                        + "every dimension after the first.");
            }
        }
        return rest;
    }

    /** Trains until the stop rule fires; returns the (cumulative) history. Calling it again continues the run. */
    public History fit() {
        ensureOpen();
        return trainer.fit(indices);
    }

    /** Runs exactly one step (no stop rule, no checkpoint); returns its record. */
    public StepRecord step() {
        ensureOpen();
        return trainer.step(indices);
    }

    /**
     * Writes a checkpoint of the run (parameters, optimizer, schedule, sampler position, counters)
     * to {@code path} through Hadoop's FileSystem API, replacing any previous one.
     */
    public void checkpoint(String path) {
        ensureOpen();
        checkpoints(sc.hadoopConfiguration(), graph, path).write(trainer);
    }

    /**
     * The writer of a Spark run's checkpoints of {@code graph} to {@code path} on the Hadoop file
     * system {@code conf} configures, each replacing the previous one.
     */
    private static CheckpointWriter checkpoints(Configuration conf, ModelGraph graph, String path) {
        return t -> {
            Map<String, String> metadata = t.model() instanceof DistributedModel d
                    ? Map.of("trainer", "spark", "samples", String.valueOf(d.samples()))
                    : Map.of("trainer", "spark");
            HadoopFiles.write(conf, path, Checkpoint.toBytes(graph, t, metadata));
            LOG.debug("checkpoint of step {} written to {}", t.steps(), path);
        };
    }

    /**
     * Continues the run saved at {@code path} by a trainer built the same way (same graph, data,
     * optimizer, batching, schedule): the next {@link #fit} goes on as if never stopped.
     *
     * @throws DescentException if there is no checkpoint at {@code path} or it is damaged
     */
    public void restore(String path) {
        if (!restoreIfPresent(path)) {
            throw new DescentException("No checkpoint at " + path + ". Fix: check the path, or call restoreIfPresent to "
                    + "start fresh when there is none.");
        }
    }

    /** Like {@link #restore}, but returns false (and changes nothing) when there is no checkpoint at {@code path}. */
    public boolean restoreIfPresent(String path) {
        ensureOpen();
        byte[] bytes = HadoopFiles.read(sc.hadoopConfiguration(), path);
        if (bytes == null) {
            return false;
        }
        Checkpoint.restore(bytes, path, trainer);
        LOG.info("resumed from {} at step {}", path, trainer.steps());
        return true;
    }

    private void recordStep(StepRecord record) {
        DistributedModel.Timing t = Objects.requireNonNull(distributed.lastTiming());
        SparkStepRecord r = new SparkStepRecord(record, millis(t.broadcastNanos()), millis(t.computeNanos()),
                millis(t.aggregateNanos()), millis(System.nanoTime() - t.jobEndNanos()), t.tasks(), t.busyTasks());
        sparkSteps.add(r);
        for (SparkStepListener l : sparkListeners) {
            l.onStep(r);
        }
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** The run's history, as local training records it. */
    public History history() {
        return trainer.history();
    }

    /** The local trainer that drives the run (optimizer, counters, state export). */
    public Trainer trainer() {
        return trainer;
    }

    /** Steps run so far (including steps restored from a checkpoint). */
    public long steps() {
        return trainer.steps();
    }

    /** Per-step records and timings of this trainer's steps (steps restored from a checkpoint are not included). */
    public List<SparkStepRecord> sparkSteps() {
        return Collections.unmodifiableList(sparkSteps);
    }

    /**
     * The driver's compiled copy of the model; its parameters are the trained values, live. Use it to
     * predict or evaluate; it is closed with this trainer.
     */
    public CompiledModel model() {
        return local;
    }

    /** The trained parameters, live (see {@link #model()}). */
    public Map<String, INDArray> parameters() {
        return local.parameters();
    }

    /** The model declaration being trained. */
    public ModelGraph graph() {
        return graph;
    }

    /** The model id executors cache the compiled graph under (SHA-256 of its model file). */
    String modelId() {
        return sha256(modelFile.value());
    }

    /** Number of training samples (N). */
    public int samples() {
        return samples;
    }

    /** Number of partitions the samples are spread over (tasks per step). */
    public int partitions() {
        return blocks.getNumPartitions();
    }

    /** Releases the cached samples, the model broadcast and the driver's compiled model. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            blocks.unpersist(false);
            modelFile.destroy();
            distributed.close();
            local.close();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new DescentException("This SparkTrainer is closed. Fix: build a new one (restore it from a checkpoint to continue).");
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static final String DEFAULT_FEATURES = "x";
    private static final String DEFAULT_TARGET = "y";

    /**
     * Configures a {@link SparkTrainer}: every setting of a {@link TrainingPlan} (optimizer, batching,
     * length, schedule, clipping, listeners...) plus Spark's own (inputs, reduction, aggregation,
     * storage, checkpoints on a Hadoop file system). {@link #build()} validates, caches the samples
     * and compiles the model.
     */
    public static final class Builder extends TrainingPlan.Settings<Builder> {
        private final ModelGraph graph;
        private final JavaRDD<Sample> samples;
        private String featureInput = DEFAULT_FEATURES;
        private @Nullable String targetInput;
        private boolean noTarget;
        private final List<SparkStepListener> sparkListeners = new ArrayList<>();
        private LossReduction lossReduction = LossReduction.MEAN;
        private int aggregationDepth = 2;
        private StorageLevel storageLevel = StorageLevel.MEMORY_AND_DISK();
        private @Nullable TaskHook taskHook;

        private Builder(ModelGraph graph, JavaRDD<Sample> samples) {
            this.graph = Objects.requireNonNull(graph, "graph");
            if (!graph.runningStats().isEmpty()) {
                // each executor would move its own copy of the running statistics, the driver's never
                throw new IllegalArgumentException("The model has running statistics (batch norm: "
                        + graph.buffers().keySet() + "), which distributed training does not keep yet. Fix: train it"
                        + " with Model.fit or Trainer on one machine, or use layer norm, which has none.");
            }
            this.samples = Objects.requireNonNull(samples, "samples");
        }

        /** The model input the samples' features feed; default {@code "x"}. */
        public Builder features(String inputName) {
            this.featureInput = Objects.requireNonNull(inputName, "inputName");
            return this;
        }

        /** The model input the samples' targets feed; default {@code "y"} when the loss takes it. */
        public Builder target(String inputName) {
            return target(Objects.requireNonNull(inputName, "inputName"), false);
        }

        /** The loss takes no target (samples' targets are ignored and must be empty). */
        public Builder noTarget() {
            return target(null, true);
        }

        private Builder target(@Nullable String inputName, boolean none) {
            this.targetInput = inputName;
            this.noTarget = none;
            return this;
        }

        /** A listener of step records with their timings (broadcast, compute, aggregate, update). */
        public Builder onSparkStep(SparkStepListener l) {
            sparkListeners.add(Objects.requireNonNull(l, "listener"));
            return this;
        }

        /** How the graph's loss combines samples; default {@link LossReduction#MEAN}. */
        public Builder lossReduction(LossReduction reduction) {
            this.lossReduction = Objects.requireNonNull(reduction, "reduction");
            return this;
        }

        /**
         * Writes a checkpoint to {@code path} (any Hadoop file system URI: {@code hdfs://}, {@code s3a://},
         * {@code file://}) every {@code steps} steps and when {@link #fit} returns: the plan's
         * {@link #checkpointEvery(int, CheckpointWriter)} with a writer to that path (the later call wins).
         */
        public Builder checkpointEvery(int steps, String path) {
            Objects.requireNonNull(path, "path");
            return checkpointEvery(steps, checkpoints(samples.context().hadoopConfiguration(), graph, path));
        }

        /**
         * Depth of the tree that adds partition sums: at depth {@code d}, {@code P} partitions' sums are
         * first added on executors in groups of about {@code P^(1/d)} consecutive partitions (one shuffle
         * per level, only when that saves the driver work, as in {@code treeAggregate}), then on the
         * driver; always in partition order. Default 2.
         */
        public Builder aggregationDepth(int depth) {
            if (depth < 1) {
                throw new IllegalArgumentException("Invalid aggregationDepth: " + depth + " (must be >= 1; 2 suits most clusters)");
            }
            this.aggregationDepth = depth;
            return this;
        }

        /** Fault injection for tests. */
        Builder taskHook(TaskHook hook) {
            this.taskHook = hook;
            return this;
        }

        /** How the cached columnar samples are stored; default {@code MEMORY_AND_DISK}. */
        public Builder storageLevel(StorageLevel level) {
            this.storageLevel = Objects.requireNonNull(level, "level");
            return this;
        }

        /**
         * Validates the configuration, compiles the model on the driver, numbers and caches the samples
         * (one Spark job) and broadcasts the model file.
         *
         * @throws IllegalArgumentException for a missing optimizer or stop rule, inputs the graph lacks,
         *     or an empty RDD
         * @throws DescentException if a sample's sizes do not fit the model's inputs
         */
        public SparkTrainer build() {
            TrainingPlan plan = buildPlan();
            if (plan.extraInputs() != null) {
                throw new IllegalArgumentException("extraInputs are not supported by Spark training: executors feed only the "
                        + "samples' features and targets. Fix: make the inputs part of each Sample.");
            }
            return new SparkTrainer(this, plan);
        }
    }
}

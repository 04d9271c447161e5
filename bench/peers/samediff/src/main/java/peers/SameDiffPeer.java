package peers;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.learning.regularization.L2Regularization;

/**
 * The plain-SameDiff peers of the bench harness: the workloads of bench/README.md with ND4J alone.
 *
 * <pre>
 *   --impl fit          sd.fit with a TrainingConfig and ND4J's updaters          (impl "samediff-fit", default)
 *   --impl handloop     sd.calculateGradients + torch's update rule by hand       (impl "samediff-handloop")
 *   --workloads W0,W1   among W0 W1 W2 W3 W4 W4A W6 BW (default W0,W1,W2,W3,W4,BW)
 *   --quick             small sizes: a smoke test, numbers not comparable
 *   --w5                only W5, start-up to the first W1 step (meaningful in a fresh JVM only)
 * </pre>
 *
 * Each workload prints its JSON result lines (see {@link Report}); one that throws prints an
 * {@code error} line and the next one runs, as in the torch peer.
 */
public final class SameDiffPeer {
    private static final Map<String, Runnable> WORKLOADS = new LinkedHashMap<>();

    static {
        WORKLOADS.put("W0", SameDiffPeer::w0);
        WORKLOADS.put("W1", SameDiffPeer::w1);
        WORKLOADS.put("W2", SameDiffPeer::w2);
        WORKLOADS.put("W3", SameDiffPeer::w3);
        WORKLOADS.put("W4", SameDiffPeer::w4);
        WORKLOADS.put("W4A", SameDiffPeer::w4a);
        WORKLOADS.put("W6", SameDiffPeer::w6);
        WORKLOADS.put("BW", SameDiffPeer::bw);
    }

    private static long mainStartNs;
    private static boolean fit = true;
    private static String impl = "samediff-fit";
    private static boolean quick;

    private SameDiffPeer() {
    }

    public static void main(String[] args) {
        mainStartNs = System.nanoTime();
        Locale.setDefault(Locale.ROOT);
        List<String> chosen = List.of("W0", "W1", "W2", "W3", "W4", "BW");
        boolean startup = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--impl" -> {
                    String v = i + 1 < args.length ? args[++i] : "";
                    if (!v.equals("fit") && !v.equals("handloop")) {
                        usage("--impl takes fit or handloop, not '" + v + "'");
                    }
                    fit = v.equals("fit");
                    impl = fit ? "samediff-fit" : "samediff-handloop";
                }
                case "--workloads" -> chosen = i + 1 < args.length
                        ? Arrays.asList(args[++i].toUpperCase(Locale.ROOT).split(",")) : List.of();
                case "--quick" -> quick = true;
                case "--w5" -> startup = true;
                default -> usage("unknown argument '" + args[i] + "'");
            }
        }
        for (String w : chosen) {
            if (!WORKLOADS.containsKey(w)) {
                usage("unknown workload '" + w + "'; choose among " + WORKLOADS.keySet());
            }
        }
        if (startup) {
            w5();
        } else {
            runWorkloads(chosen);
        }
        System.out.flush();
        System.exit(0);   // ND4J leaves non-daemon threads behind that would keep the JVM alive
    }

    private static void usage(String problem) {
        System.err.println("SameDiffPeer: " + problem + "\nusage: SameDiffPeer [--impl fit|handloop] "
                + "[--workloads W0,W1,...] [--quick] | [--impl fit|handloop] --w5");
        System.exit(2);
    }

    private static void runWorkloads(List<String> chosen) {
        describeThreads();
        for (String w : chosen) {
            long t0 = System.nanoTime();
            try {
                WORKLOADS.get(w).run();
            } catch (Throwable e) {   // a failure is a result of this peer: report it, go on with the next
                System.err.println("[" + impl + "] " + w + " FAILED:");
                e.printStackTrace();
                String message = String.valueOf(e.getMessage()).split("\n")[0];
                emit(w, "error", Double.NaN, e.getClass().getName() + ": " + message);
            }
            System.err.printf("[%s] %s done in %.1f s, rss %.0f MB%n", impl, w, (System.nanoTime() - t0) / 1e9,
                    Report.rssMb());
        }
        emit(chosen.size() == 1 ? chosen.get(0) : "ALL", "peak_rss_mb", Report.peakRssMb(), "MB");
    }

    private static void emit(String workload, String metric, double value, String unit) {
        Report.line(impl, workload, metric, value, unit);
    }

    private static void describeThreads() {
        int nd4j = Nd4j.getEnvironment().maxThreads();
        int blas = Nd4j.factory().blas().getMaxThreads();
        System.err.printf("[%s] java %s, nd4j backend %s, OMP_NUM_THREADS=%s, OPENBLAS_NUM_THREADS=%s, "
                        + "nd4j maxThreads=%d, blas maxThreads=%d%n", impl, System.getProperty("java.version"),
                Nd4j.getBackend().getClass().getSimpleName(), System.getenv("OMP_NUM_THREADS"),
                System.getenv("OPENBLAS_NUM_THREADS"), nd4j, blas);
        emit("INFO", "nd4j_max_threads", nd4j, "threads");
        emit("INFO", "blas_max_threads", blas, "threads");
    }

    // ------------------------------------------------------------------ shared by the workloads

    private static TrainingConfig trainingConfig(IUpdater updater, String features, String labels, double l2) {
        TrainingConfig.Builder b = new TrainingConfig.Builder().updater(updater).dataSetFeatureMapping(features);
        if (labels == null) {
            b.markLabelsUnused();
        } else {
            b.dataSetLabelMapping(labels);
        }
        if (l2 != 0) {
            b.l2(l2);   // ND4J adds l2 * param to the gradient before the updater: torch's weight_decay
        }
        return b.build();
    }

    /** Zeroes the state (momentum) of the updaters sd.fit made, so the timed run starts like a fresh one. */
    private static void zeroFitUpdaterState(SameDiff sd) {
        Map<String, GradientUpdater> updaters = sd.getUpdaterMap();
        if (updaters != null) {
            for (GradientUpdater u : updaters.values()) {
                Map<String, INDArray> state = u.getState();
                if (state != null) {
                    state.values().forEach(a -> a.assign(0));
                }
            }
        }
    }

    private static Map<String, INDArray> paramArrays(SameDiff sd, String... names) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, sd.getVariable(n).getArr());
        }
        return m;
    }

    private static Map<String, INDArray> feed(String n1, INDArray a1, String n2, INDArray a2) {
        Map<String, INDArray> m = new HashMap<>(4);
        m.put(n1, a1);
        m.put(n2, a2);
        return m;
    }

    private static double loss(SameDiff sd, Map<String, INDArray> placeholders) {
        return sd.output(placeholders, "loss").get("loss").getDouble(0);
    }

    /** U(-bound, bound) from ND4J's generator at a fixed seed: torch's default init range for a layer. */
    private static INDArray uniform(long seed, double bound, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.FLOAT, shape).muli(2 * bound).subi(bound);
    }

    private static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int mid = s.length / 2;
        return s.length % 2 == 1 ? s[mid] : 0.5 * (s[mid - 1] + s[mid]);
    }

    // ------------------------------------------------------------------ W0: the seed steps

    /**
     * pred = x * w with w [1,1], a broadcast multiply: x.mmul(w) would be the natural graph, but its
     * backward (matmul_bp) fails in 1.0.0-M2.1 for a [1,1] w at batch 1 ("NDArray::mulRowVector: wrong
     * arguments"), which the fit peer records as mmul_w1x1_backprop_ok_*. The torch peer multiplies too.
     */
    private static SameDiff seedGraph(boolean viaMmul) {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 1);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, 1);
        SDVariable w = sd.var("w", Nd4j.createFromArray(new float[][] {{100f}}));
        sd.loss.meanSquaredError("loss", y, viaMmul ? x.mmul(w) : x.mul(w), null);
        sd.setLossVariables("loss");
        return sd;
    }

    private static double seedStep(INDArray x, INDArray y) {
        SameDiff sd = seedGraph(false);
        if (fit) {
            sd.setTrainingConfig(trainingConfig(new Sgd(0.001), "x", "y", 0));
            sd.fit(new DataSet(x, y));
        } else {
            TorchSgd.plain(0.001).step(paramArrays(sd, "w"), sd.calculateGradients(feed("x", x, "y", y), "w"));
        }
        return sd.getVariable("w").getArr().getDouble(0);
    }

    private static void probeMmulBackprop(INDArray x, INDArray y, String tag) {
        try {
            seedGraph(true).calculateGradients(feed("x", x, "y", y), "w");
            emit("W0", "mmul_w1x1_backprop_ok_" + tag, 1, "bool");
        } catch (RuntimeException e) {
            emit("W0", "mmul_w1x1_backprop_ok_" + tag, 0, "bool: " + String.valueOf(e.getMessage()).split("\n")[0]);
        }
    }

    private static void w0() {
        INDArray one = Nd4j.createFromArray(new float[][] {{1f}});
        float[][] oneToTen = new float[10][1];
        for (int i = 0; i < 10; i++) {
            oneToTen[i][0] = i + 1;
        }
        INDArray ten = Nd4j.createFromArray(oneToTen);
        double single = seedStep(one, one.dup());
        double batch = seedStep(ten, ten.dup());
        emit("W0", "w_after_step_1x1", single, "expect 99.8020");
        emit("W0", "w_after_step_batch10", batch, "expect 92.3770");
        emit("W0", "ok", Math.abs(single - 99.8020) < 1e-4 && Math.abs(batch - 92.3770) < 1e-4 ? 1 : 0, "bool");
        if (fit) {   // a fact about SameDiff, not about either loop: probed once, in the fit process
            probeMmulBackprop(one, one.dup(), "batch1");
            probeMmulBackprop(ten, ten.dup(), "batch10");
        }
    }

    // ------------------------------------------------------------------ W1: step overhead

    /** Batches of one: x_i = ((i*7919) mod 20000)/10000 - 1, y_i = 3 x_i + 2 + 0.1 sin(1.7 i), y from the float x. */
    private static List<DataSet> stepOverheadData(int n) {
        List<DataSet> batches = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float x = (float) (((i * 7919L) % 20000) / 10000.0 - 1.0);
            float y = (float) (3.0 * x + 2.0 + 0.1 * Math.sin(1.7 * i));
            batches.add(new DataSet(Nd4j.createFromArray(new float[][] {{x}}),
                    Nd4j.createFromArray(new float[][] {{y}})));
        }
        return batches;
    }

    private static SameDiff stepOverheadGraph() {
        SameDiff sd = SameDiff.create();
        SDVariable x = sd.placeHolder("x", DataType.FLOAT, -1, 1);
        SDVariable y = sd.placeHolder("y", DataType.FLOAT, -1, 1);
        SDVariable w = sd.var("w", Nd4j.zeros(DataType.FLOAT, 1, 1));
        SDVariable b = sd.var("b", Nd4j.zeros(DataType.FLOAT, 1));
        sd.loss.meanSquaredError("loss", y, x.mul(w).add(b), null);   // mul, not mmul: see seedGraph
        sd.setLossVariables("loss");
        if (fit) {
            sd.setTrainingConfig(trainingConfig(new Sgd(0.01), "x", "y", 0));
        }
        return sd;
    }

    /** One SGD step per batch: a single sd.fit over all of them, or the hand-written loop. */
    private static void trainSteps(SameDiff sd, List<DataSet> batches, Map<String, INDArray> params, TorchSgd sgd,
                                   String features, String labels) {
        if (fit) {
            sd.fit(new Batches(batches), 1);
            return;
        }
        String[] names = params.keySet().toArray(new String[0]);
        Map<String, INDArray> placeholders = new HashMap<>(4);
        for (DataSet ds : batches) {
            placeholders.put(features, ds.getFeatures());
            placeholders.put(labels, ds.getLabels());
            sgd.step(params, sd.calculateGradients(placeholders, names));
        }
    }

    private static void w1() {
        int n = quick ? 2000 : 20_000;
        List<DataSet> batches = stepOverheadData(n);
        SameDiff sd = stepOverheadGraph();
        Map<String, INDArray> params = paramArrays(sd, "w", "b");
        TorchSgd sgd = TorchSgd.plain(0.01);
        trainSteps(sd, batches.subList(0, Math.min(500, n)), params, sgd, "x", "y");   // warm-up
        params.values().forEach(a -> a.assign(0));
        System.gc();
        double rss0 = Report.rssMb();
        double native0 = Report.javacppMb();
        long t0 = System.nanoTime();
        trainSteps(sd, batches, params, sgd, "x", "y");
        long t1 = System.nanoTime();
        emit("W1", "us_per_step", (t1 - t0) / 1e3 / n, "us");
        emit("W1", "final_w", params.get("w").getDouble(0), "expect ~3");
        emit("W1", "final_b", params.get("b").getDouble(0), "expect ~2");
        emit("W1", "rss_growth_mb", Report.rssMb() - rss0, "MB");
        emit("W1", "javacpp_bytes_growth_mb", Report.javacppMb() - native0, "MB (native buffers JavaCPP tracks)");
        if (fit) {
            // the other way to drive sd.fit: a user's own loop calling sd.fit(DataSet) once per step
            int calls = Math.min(n, 2000);
            long t2 = System.nanoTime();
            for (DataSet ds : batches.subList(0, calls)) {
                sd.fit(ds);
            }
            emit("W1", "us_per_step_fit_dataset_call", (System.nanoTime() - t2) / 1e3 / calls, "us");
        }
    }

    // ------------------------------------------------------------------ W2: full-batch gradient descent

    private static void w2() {
        int n = quick ? 100_000 : 1_000_000;
        int features = 16;
        int steps = 50;
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, features);
        float[][] wStar = new float[features][1];
        for (int i = 0; i < features; i++) {
            wStar[i][0] = -1f + 2f * i / (features - 1);   // in float arithmetic: earlier runs' data, bit for bit
        }
        INDArray y = x.mmul(Nd4j.createFromArray(wStar)).addi(0.5).addi(Nd4j.randn(DataType.FLOAT, n, 1).muli(0.1));

        SameDiff sd = SameDiff.create();
        SDVariable xv = sd.placeHolder("x", DataType.FLOAT, -1, features);
        SDVariable yv = sd.placeHolder("y", DataType.FLOAT, -1, 1);
        SDVariable w = sd.var("w", Nd4j.zeros(DataType.FLOAT, features, 1));
        SDVariable b = sd.var("b", Nd4j.zeros(DataType.FLOAT, 1));
        sd.loss.meanSquaredError("loss", yv, xv.mmul(w).add(b), null);
        sd.setLossVariables("loss");
        if (fit) {
            sd.setTrainingConfig(trainingConfig(new Sgd(0.1), "x", "y", 0));
        }
        Map<String, INDArray> params = paramArrays(sd, "w", "b");
        DataSet all = new DataSet(x, y);
        TorchSgd sgd = TorchSgd.plain(0.1);
        // fit: one sd.fit over `steps` references to the full batch. sd.fit(DataSet) once per step is
        // slower and leaks ~76 MB per call here; it is measured on its own below, with 10 calls.
        trainSteps(sd, Collections.nCopies(3, all), params, sgd, "x", "y");   // warm-up
        params.values().forEach(a -> a.assign(0));
        double rss0 = Report.rssMb();
        double native0 = Report.javacppMb();
        long t0 = System.nanoTime();
        trainSteps(sd, Collections.nCopies(steps, all), params, sgd, "x", "y");
        double perStep = (System.nanoTime() - t0) / 1e9 / steps;
        double rss1 = Report.rssMb();
        double native1 = Report.javacppMb();
        emit("W2", "ms_per_step", perStep * 1e3, "ms");
        emit("W2", "data_GBps", ((double) n * features + n) * 4 / perStep / 1e9,
                "GB/s (X+y bytes, one pass, per step)");
        emit("W2", "final_loss", loss(sd, feed("x", x, "y", y)), "mse");
        emit("W2", "rss_growth_mb", rss1 - rss0, "MB");
        emit("W2", "javacpp_bytes_growth_mb", native1 - native0, "MB (native buffers JavaCPP tracks)");
        if (fit) {
            int calls = 10;
            double rssBefore = Report.rssMb();
            long t2 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sd.fit(all);
            }
            emit("W2", "ms_per_step_fit_dataset_call", (System.nanoTime() - t2) / 1e6 / calls,
                    "ms (sd.fit(dataSet) once per step, 10 calls)");
            emit("W2", "rss_growth_mb_per_fit_dataset_call", (Report.rssMb() - rssBefore) / calls,
                    "MB per sd.fit(dataSet) call");
        }
    }

    // ------------------------------------------------------------------ W3 and W6: mini-batch classifiers

    /**
     * 10-class synthetic data from ND4J's generator (seed) and java.util.Random (labels, same seed):
     * x = scale * (N(0,1) + mix * P[label]), P ~ N(0,1) [10 x width]; returns {x [n, width], one-hot y}.
     * The draws' order is part of the definition: Descent's own W3 reproduces this data exactly.
     */
    private static INDArray[] prototypeData(long seed, int n, int width, double scale, double mix) {
        Nd4j.getRandom().setSeed(seed);
        INDArray prototypes = Nd4j.randn(DataType.FLOAT, 10, width);
        Random labels = new Random(seed);
        INDArray y = Nd4j.zeros(DataType.FLOAT, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, labels.nextInt(10), 1f);
        }
        INDArray x = Nd4j.randn(DataType.FLOAT, n, width).addi(y.mmul(prototypes).muli(mix)).muli(scale);
        return new INDArray[] {x, y};
    }

    /** Rows [from, to) of a, copied and given the model's input shape (rows first). */
    private static INDArray rows(INDArray a, long from, long to, long[] sampleShape) {
        INDArray slice = a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all()).dup();
        return slice.reshape(prepend(to - from, sampleShape));
    }

    /** The mean loss over the whole set, evaluated `chunk` rows at a time (the mean of chunk means, size-weighted). */
    private static double fullSetLoss(SameDiff sd, INDArray x, INDArray y, long[] sampleShape, int chunk) {
        long n = x.size(0);
        double sum = 0;
        for (long s = 0; s < n; s += chunk) {
            long e = Math.min(n, s + chunk);
            INDArray xs = chunk >= n ? x.reshape(prepend(n, sampleShape)) : rows(x, s, e, sampleShape);
            INDArray ys = chunk >= n ? y : y.get(NDArrayIndex.interval(s, e), NDArrayIndex.all());
            sum += loss(sd, feed("in", xs, "label", ys)) * (e - s);
        }
        return sum / n;
    }

    private static long[] prepend(long first, long[] rest) {
        long[] shape = new long[rest.length + 1];
        shape[0] = first;
        System.arraycopy(rest, 0, shape, 1, rest.length);
        return shape;
    }

    /**
     * Warm-up batches, a reset of the parameters and optimizer state, then one timed epoch; reports
     * samples/s, the epoch's time and RSS growth, and the full-set loss after it. The graph reads
     * placeholders "in" and "label" and has its parameters initialised already.
     */
    private static void classifierEpoch(String workload, SameDiff sd, String[] paramNames, INDArray[] data,
                                        long[] sampleShape, int batchSize, int warmupBatches, TorchSgd sgd,
                                        int lossChunk, boolean reportInitialLoss) {
        INDArray x = data[0];
        INDArray y = data[1];
        long n = x.size(0);
        List<DataSet> batches = new ArrayList<>();
        for (long s = 0; s < n; s += batchSize) {
            long e = Math.min(n, s + batchSize);
            INDArray labels = y.get(NDArrayIndex.interval(s, e), NDArrayIndex.all()).dup();
            batches.add(new DataSet(rows(x, s, e, sampleShape), labels));
        }
        Map<String, INDArray> params = paramArrays(sd, paramNames);
        Map<String, INDArray> initial = new HashMap<>();
        params.forEach((k, v) -> initial.put(k, v.dup()));
        if (reportInitialLoss) {
            emit(workload, "initial_loss", fullSetLoss(sd, x, y, sampleShape, lossChunk), "xent (expect ~2.30)");
        }
        trainSteps(sd, batches.subList(0, warmupBatches), params, sgd, "in", "label");
        params.forEach((k, v) -> v.assign(initial.get(k)));
        sgd.reset();
        if (fit) {
            zeroFitUpdaterState(sd);
        }
        System.gc();
        double rss0 = Report.rssMb();
        double native0 = Report.javacppMb();
        long t0 = System.nanoTime();
        trainSteps(sd, batches, params, sgd, "in", "label");
        double seconds = (System.nanoTime() - t0) / 1e9;
        double rss1 = Report.rssMb();
        double native1 = Report.javacppMb();
        emit(workload, "samples_per_s", n / seconds, "samples/s");
        emit(workload, "epoch_s", seconds, "s");
        emit(workload, "final_loss", fullSetLoss(sd, x, y, sampleShape, lossChunk),
                "xent, full train set after 1 epoch");
        emit(workload, "rss_growth_mb", rss1 - rss0, "MB");
        emit(workload, "javacpp_bytes_growth_mb", native1 - native0, "MB (native buffers JavaCPP tracks)");
    }

    private static final int[] MLP = {784, 256, 128, 10};

    private static void w3() {
        int n = quick ? 6000 : 60_000;
        INDArray[] data = prototypeData(3, n, 784, 0.3, 0.15);
        SameDiff sd = SameDiff.create();
        SDVariable h = sd.placeHolder("in", DataType.FLOAT, -1, MLP[0]);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, 10);
        String[] names = new String[6];
        for (int l = 0; l < 3; l++) {
            double bound = 1 / Math.sqrt(MLP[l]);   // nn.Linear's default: U(-1/sqrt(fan_in), 1/sqrt(fan_in))
            names[2 * l] = "w" + l;
            names[2 * l + 1] = "b" + l;
            h = h.mmul(sd.var(names[2 * l], uniform(100 + l, bound, MLP[l], MLP[l + 1])))
                    .add(sd.var(names[2 * l + 1], uniform(200 + l, bound, MLP[l + 1])));
            if (l < 2) {
                h = sd.nn.relu(h, 0);
            }
        }
        sd.loss.softmaxCrossEntropy("loss", label, h, null);
        sd.setLossVariables("loss");
        if (fit) {
            sd.setTrainingConfig(trainingConfig(new Nesterovs(0.05, 0.9), "in", "label", 0));
        }
        classifierEpoch("W3", sd, names, data, new long[] {784}, 128, 20, new TorchSgd(0.05, 0.9, 0, true),
                n, true);
    }

    /**
     * LeNet-like: conv 6@5x5, ReLU, max-pool 2, conv 16@5x5, ReLU, max-pool 2, 256 -> 120 -> 84 -> 10.
     * SGD lr 0.05 momentum 0.9 (heavy ball): exact in the handloop; ND4J has no heavy-ball updater, so
     * the fit peer uses its only momentum updater, Nesterovs (a close relative, not the same rule).
     */
    private static void w6() {
        int n = quick ? 1280 : 12_800;
        INDArray[] data = prototypeData(6, n, 28 * 28, 0.5, 0.3);
        SameDiff sd = SameDiff.create();
        SDVariable in = sd.placeHolder("in", DataType.FLOAT, -1, 1, 28, 28);
        SDVariable label = sd.placeHolder("label", DataType.FLOAT, -1, 10);
        Conv2DConfig conv = Conv2DConfig.builder().kH(5).kW(5).sH(1).sW(1).dataFormat("NCHW").build();
        Pooling2DConfig pool = Pooling2DConfig.builder().kH(2).kW(2).sH(2).sW(2).isNHWC(false).build();
        // nn.Conv2d's default init has nn.Linear's range with fan_in = in_channels * 5 * 5;
        // SameDiff's conv weights are laid out [kH, kW, in, out]
        double b1 = 1 / Math.sqrt(25);
        double b2 = 1 / Math.sqrt(6 * 25);
        SDVariable h = sd.cnn.conv2d(in, sd.var("c1w", uniform(600, b1, 5, 5, 1, 6)),
                sd.var("c1b", uniform(601, b1, 6)), conv);
        h = sd.cnn.maxPooling2d(sd.nn.relu(h, 0), pool);
        h = sd.cnn.conv2d(h, sd.var("c2w", uniform(602, b2, 5, 5, 6, 16)), sd.var("c2b", uniform(603, b2, 16)), conv);
        h = sd.cnn.maxPooling2d(sd.nn.relu(h, 0), pool).reshape(-1, 16 * 4 * 4);
        int[] dense = {256, 120, 84, 10};
        List<String> names = new ArrayList<>(List.of("c1w", "c1b", "c2w", "c2b"));
        for (int l = 0; l < 3; l++) {
            double bound = 1 / Math.sqrt(dense[l]);
            names.add("f" + l + "w");
            names.add("f" + l + "b");
            h = h.mmul(sd.var("f" + l + "w", uniform(610 + l, bound, dense[l], dense[l + 1])))
                    .add(sd.var("f" + l + "b", uniform(620 + l, bound, dense[l + 1])));
            if (l < 2) {
                h = sd.nn.relu(h, 0);
            }
        }
        sd.loss.softmaxCrossEntropy("loss", label, h, null);
        sd.setLossVariables("loss");
        if (fit) {
            sd.setTrainingConfig(trainingConfig(new Nesterovs(0.05, 0.9), "in", "label", 0));
        }
        // the full-set loss in chunks of 1,280 images: at once, the convolutions' im2col buffers alone
        // would take ~0.8 GB and set the peak RSS
        classifierEpoch("W6", sd, names.toArray(new String[0]), data, new long[] {1, 28, 28}, 64, 10,
                new TorchSgd(0.05, 0.9, 0, false), 1280, false);
    }

    // ------------------------------------------------------------------ W4 and W4A: the optimizer update alone

    private static double perUpdateSeconds(Runnable update, int count) {
        for (int i = 0; i < 3; i++) {
            update.run();   // warm-up updates
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            update.run();
        }
        return (System.nanoTime() - t0) / 1e9 / count;
    }

    /** SGD lr 0.01, momentum 0.9, weight decay 1e-4 over 10M parameters with a fixed gradient. */
    private static void w4() {
        int n = quick ? 1_000_000 : 10_000_000;
        double lr = 0.01;
        double moved = 5.0 * 4 * n;   // a fused update reads p, g, buf and writes p, buf
        Nd4j.getRandom().setSeed(4);
        INDArray p0 = Nd4j.randn(DataType.FLOAT, n).muli(0.01);
        INDArray g = Nd4j.randn(DataType.FLOAT, n).muli(1e-3);
        INDArray p = p0.dup();
        INDArray work = g.dup();
        if (fit) {
            // What sd.fit does to each variable after backprop: L2 regularisation (torch's weight_decay, an
            // Axpy), the Nesterovs updater (one fused native op; ND4J has no heavy-ball momentum), then
            // param -= update. The updater writes its result over its input, hence the copy of g.
            GradientUpdater<?> nesterovs = new Nesterovs(lr, 0.9).instantiate(Nd4j.zeros(DataType.FLOAT, 1, n), true);
            L2Regularization l2 = new L2Regularization(1e-4);
            int[] iteration = {0};
            double seconds = perUpdateSeconds(() -> {
                work.assign(g);
                l2.apply(p, work, lr, iteration[0], 0);
                nesterovs.applyUpdater(work, iteration[0], 0);
                p.subi(work);
                iteration[0]++;
            }, 100);
            emit("W4", "ms_per_update", seconds * 1e3, "ms (nd4j L2+Nesterovs updater+subi, as inside sd.fit)");
            emit("W4", "update_GBps", moved / seconds / 1e9, "GB/s (5*4*N bytes/update)");

            // The whole sd.fit step on a graph whose gradient is the fixed vector: loss = sum(p * g), g fed as data.
            SameDiff sd = SameDiff.create();
            SDVariable gv = sd.placeHolder("g", DataType.FLOAT, n);
            sd.sum("loss", sd.var("p", p0.dup()).mul(gv));
            sd.setLossVariables("loss");
            sd.setTrainingConfig(trainingConfig(new Nesterovs(lr, 0.9), "g", null, 1e-4));
            DataSet feedG = new DataSet(g, null);
            double fitSeconds = perUpdateSeconds(() -> sd.fit(feedG), 20);   // ~10x slower: 20 are enough
            emit("W4", "ms_per_update_full_fit_step", fitSeconds * 1e3, "ms (sd.fit step incl. fwd/bwd of sum(p*g))");
        } else {
            TorchSgd sgd = new TorchSgd(lr, 0.9, 1e-4, false);
            double seconds = perUpdateSeconds(() -> {
                work.assign(g);   // TorchSgd overwrites the gradient it is given
                sgd.step("p", p, work);
            }, 100);
            emit("W4", "ms_per_update", seconds * 1e3, "ms (in-place ND4J ops, torch SGD semantics)");
            emit("W4", "update_GBps", moved / seconds / 1e9, "GB/s (5*4*N bytes/update)");
        }
    }

    /** Adam lr 1e-3 over 10M parameters (from zero) with the fixed gradient linspace(-1, 1). */
    private static void w4a() {
        int n = quick ? 1_000_000 : 10_000_000;
        double lr = 1e-3;
        double moved = 7.0 * 4 * n;   // a fused Adam update reads p, g, m, v and writes p, m, v
        float[] ramp = new float[n];
        for (int i = 0; i < n; i++) {
            ramp[i] = (float) (-1 + 2.0 * i / (n - 1));
        }
        INDArray g = Nd4j.createFromArray(ramp);
        INDArray p = Nd4j.zeros(DataType.FLOAT, n);
        double seconds;
        String unit;
        if (fit) {
            // what sd.fit does per variable: ND4J's Adam updater (one fused native op, state [m, v]
            // in one view), then param -= update; the updater overwrites its input, hence the copy
            Adam adam = new Adam(lr);
            GradientUpdater<?> updater = adam.instantiate(Nd4j.zeros(DataType.FLOAT, 1, adam.stateSize(n)), true);
            INDArray work = g.dup();
            int[] iteration = {0};
            seconds = perUpdateSeconds(() -> {
                work.assign(g);
                updater.applyUpdater(work, iteration[0]++, 0);
                p.subi(work);
            }, 100);
            unit = "ms (nd4j Adam updater+subi, as inside sd.fit)";
        } else {
            TorchAdam adam = new TorchAdam(p, lr, 0.9, 0.999, 1e-8);
            seconds = perUpdateSeconds(() -> adam.step(p, g), 100);
            unit = "ms (in-place ND4J ops, torch Adam semantics)";
        }
        emit("W4A", "ms_per_update", seconds * 1e3, unit);
        emit("W4A", "update_GBps", moved / seconds / 1e9, "GB/s (7*4*N bytes/update)");
        emit("W4A", "ok", adamSignCheck(p, g, 103, lr) ? 1 : 0, "bool");
    }

    /**
     * With a constant gradient every bias-corrected Adam step is lr * g / (|g| + eps) = lr * sign(g)
     * where |g| >= 1e-3, so from zero p = -updates * lr * sign(g) to float rounding; a skipped or
     * doubled update is off by lr. (ND4J's epsilon placement changes only elements with |g| ~ 1e-7.)
     */
    private static boolean adamSignCheck(INDArray p, INDArray g, int updates, double lr) {
        float[] ps = p.toFloatVector();
        float[] gs = g.toFloatVector();
        double worst = 0;
        for (int i = 0; i < ps.length; i++) {
            if (Math.abs(gs[i]) >= 1e-3) {
                worst = Math.max(worst, Math.abs(ps[i] + updates * lr * Math.signum(gs[i])));
            }
        }
        return worst < 1e-5;
    }

    // ------------------------------------------------------------------ BW: copy bandwidth reference

    /** Java's and ND4J's copy of 400 MB; the same for both loops, so measured in the fit process only. */
    private static void bw() {
        if (!fit) {
            return;
        }
        int n = quick ? 10_000_000 : 100_000_000;
        double moved = 2.0 * 4 * n;   // read + write
        double[] times = new double[7];
        float[] a = new float[n];
        float[] b = new float[n];
        Arrays.fill(a, 1f);
        for (int i = 0; i < times.length; i++) {
            long t0 = System.nanoTime();
            System.arraycopy(a, 0, b, 0, n);
            times[i] = (System.nanoTime() - t0) / 1e9;
        }
        Report.line("java-arraycopy", "BW", "copy_GBps", moved / median(times) / 1e9,
                "GB/s (400 MB float[] copy, 1 thread, read+write)");
        a = null;
        b = null;
        System.gc();   // give the 800 MB of heap arrays back before ND4J allocates its own
        INDArray src = Nd4j.rand(DataType.FLOAT, n);
        INDArray dst = Nd4j.zeros(DataType.FLOAT, n);
        for (int i = 0; i < times.length; i++) {
            long t0 = System.nanoTime();
            dst.assign(src);
            times[i] = (System.nanoTime() - t0) / 1e9;
        }
        Report.line("nd4j-assign", "BW", "copy_GBps", moved / median(times) / 1e9,
                "GB/s (400 MB INDArray.assign, read+write)");
    }

    // ------------------------------------------------------------------ W5: start-up

    /** In a fresh JVM: from main() to the first completed W1 step (batch of one). */
    private static void w5() {
        double jvmStartToMainMs = (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime())
                - (System.nanoTime() - mainStartNs) / 1e6;
        long initStart = System.nanoTime();
        Nd4j.create(DataType.FLOAT, 1);   // loads the native backend
        long initEnd = System.nanoTime();
        SameDiff sd = stepOverheadGraph();
        List<DataSet> batches = stepOverheadData(2);
        Map<String, INDArray> params = paramArrays(sd, "w", "b");
        TorchSgd sgd = TorchSgd.plain(0.01);
        long built = System.nanoTime();
        trainSteps(sd, batches.subList(0, 1), params, sgd, "x", "y");
        params.get("w").getDouble(0);   // the step is complete once its result can be read
        long first = System.nanoTime();
        long firstWallMs = System.currentTimeMillis();
        trainSteps(sd, batches.subList(1, 2), params, sgd, "x", "y");
        long second = System.nanoTime();
        emit("W5", "main_to_first_step_ms", (first - mainStartNs) / 1e6, "ms");
        emit("W5", "jvm_start_to_main_ms", jvmStartToMainMs, "ms");
        emit("W5", "nd4j_backend_init_ms", (initEnd - initStart) / 1e6, "ms");
        emit("W5", "graph_build_ms", (built - initEnd) / 1e6, "ms");
        emit("W5", "first_step_ms", (first - built) / 1e6, "ms");
        emit("W5", "second_step_ms", (second - first) / 1e6, "ms");
        String launched = System.getenv("BENCH_LAUNCH_MS");
        if (launched != null && !launched.isBlank()) {
            emit("W5", "launch_to_first_step_ms", firstWallMs - Long.parseLong(launched.trim()),
                    "ms (process exec -> first step, wall clock)");
        }
    }
}

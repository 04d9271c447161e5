package dev.descent.compile;

import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Manual timing harness (not a test): µs per training step on the bench's W1 model and the W3 MLP,
 * SameDiff's session path versus the lean executor, plus native-memory growth over 10,000 steps.
 *
 * <pre>
 *   mvn -q test-compile -pl core
 *   OMP_NUM_THREADS=2 OMP_WAIT_POLICY=PASSIVE java -cp core/target/test-classes:core/target/classes:$CP \
 *       dev.descent.compile.StepBench [runs] [profilingMode]
 * </pre>
 */
public final class StepBench {
    private StepBench() {
    }

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        if (args.length > 1) {
            Nd4j.getExecutioner().setProfilingMode(OpExecutioner.ProfilingMode.valueOf(args[1]));
        }
        String only = args.length > 2 ? args[2] : "all";
        System.out.printf("profiling mode %s, nd4j threads %d%n", Nd4j.getExecutioner().getProfilingMode(),
                Nd4j.getEnvironment().maxThreads());
        if (!only.equals("w3")) {
            w1(runs);
        }
        if (!only.equals("w1")) {
            w3(runs);
        }
        System.exit(0);
    }

    // ------------------------------------------------------------------ W1

    static ModelGraph w1Graph() {
        Expr x = Ops.input("x", Shape.ANY, 1);
        Expr y = Ops.input("y", Shape.ANY, 1);
        Expr w = Ops.param("w", Nd4j.zeros(DataType.FLOAT, 1, 1));
        Expr b = Ops.param("b", Nd4j.zeros(DataType.FLOAT, 1));
        Expr pred = x.matmul(w).plus(b);
        return ModelGraph.builder().output("pred", pred).loss(Ops.mean(Ops.square(pred.minus(y)))).build();
    }

    static List<Map<String, INDArray>> w1Batches(int n) {
        List<Map<String, INDArray>> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            float x = (float) (((i * 7919L) % 20000) / 10000.0 - 1.0);
            float y = (float) (3.0 * x + 2.0 + 0.1 * Math.sin(1.7 * i));
            Map<String, INDArray> m = new HashMap<>();
            m.put("x", Nd4j.createFromArray(new float[][] {{x}}));
            m.put("y", Nd4j.createFromArray(new float[][] {{y}}));
            l.add(m);
        }
        return l;
    }

    static void w1(int runs) {
        List<Map<String, INDArray>> batches = w1Batches(20_000);
        for (boolean lean : new boolean[] {false, true}) {
            double[] step = new double[runs];
            double[] gradOnly = new double[runs];
            double w = 0;
            double b = 0;
            for (int r = 0; r < runs; r++) {
                try (SameDiffModel m = SameDiffModel.build(w1Graph(), lean)) {
                    Optimizer opt = Optimizer.create(Sgd.builder().lr(0.01).build(), m.parameters());
                    for (int i = 0; i < 500; i++) {
                        m.computeGradients(batches.get(i));
                        opt.step(m.gradients());
                    }
                    m.parameters().values().forEach(a -> a.assign(0));
                    opt = Optimizer.create(Sgd.builder().lr(0.01).build(), m.parameters());
                    long t0 = System.nanoTime();
                    for (Map<String, INDArray> batch : batches) {
                        m.computeGradients(batch);
                        opt.step(m.gradients());
                    }
                    long t1 = System.nanoTime();
                    step[r] = (t1 - t0) / 1e3 / batches.size();
                    w = m.parameters().get("w").getDouble(0);
                    b = m.parameters().get("b").getDouble(0);
                    long t2 = System.nanoTime();
                    for (int i = 0; i < 5000; i++) {
                        m.computeGradients(batches.get(i));
                    }
                    gradOnly[r] = (System.nanoTime() - t2) / 1e3 / 5000;
                }
            }
            System.out.printf("W1 %-8s step %7.1f us (median of %d: %s)  computeGradients %7.1f us  final w %.4f b %.4f%n",
                    lean ? "lean" : "samediff", median(step), runs, fmt(step), median(gradOnly), w, b);
            nativeGrowth("W1", lean, w1Graph(), batches);
        }
    }

    // ------------------------------------------------------------------ W3 (one step at batch 128)

    static ModelGraph mlpGraph() {
        java.util.Random r = new java.util.Random(7);
        int[] d = {784, 256, 128, 10};
        Expr in = Ops.input("x", Shape.ANY, d[0]);
        Expr label = Ops.indexInput("y", Shape.ANY);
        Expr h = in;
        for (int l = 0; l < 3; l++) {
            double bound = 1 / Math.sqrt(d[l]);
            h = h.matmul(Ops.param("w" + l, Nd4j.rand(DataType.FLOAT, d[l], d[l + 1]).muli(2 * bound).subi(bound)))
                    .plus(Ops.param("b" + l, Nd4j.rand(DataType.FLOAT, d[l + 1]).muli(2 * bound).subi(bound)));
            if (l < 2) {
                h = Ops.relu(h);
            }
        }
        Expr ce = Ops.neg(Ops.mean(Ops.sum(Ops.mul(Ops.oneHot(label, 10), Ops.logSoftmax(h, 1)), false, 1)));
        return ModelGraph.builder().output("logits", h).loss(ce).build();
    }

    static List<Map<String, INDArray>> mlpBatches(int count, int bs) {
        Nd4j.getRandom().setSeed(3);
        List<Map<String, INDArray>> l = new ArrayList<>();
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < count; i++) {
            float[] labels = new float[bs];
            for (int k = 0; k < bs; k++) {
                labels[k] = r.nextInt(10);
            }
            Map<String, INDArray> m = new HashMap<>();
            m.put("x", Nd4j.randn(DataType.FLOAT, bs, 784).muli(0.3));
            m.put("y", Nd4j.createFromArray(labels).castTo(DataType.INT64));
            l.add(m);
        }
        return l;
    }

    static void w3(int runs) {
        List<Map<String, INDArray>> batches = mlpBatches(100, 128);
        for (boolean lean : new boolean[] {false, true}) {
            double[] step = new double[runs];
            for (int r = 0; r < runs; r++) {
                try (SameDiffModel m = SameDiffModel.build(mlpGraph(), lean)) {
                    Optimizer opt = Optimizer.create(Sgd.builder().lr(0.05).momentum(0.9).nesterov(true).build(), m.parameters());
                    for (int i = 0; i < 20; i++) {
                        m.computeGradients(batches.get(i));
                        opt.step(m.gradients());
                    }
                    long t0 = System.nanoTime();
                    for (int rep = 0; rep < 3; rep++) {
                        for (Map<String, INDArray> batch : batches) {
                            m.computeGradients(batch);
                            opt.step(m.gradients());
                        }
                    }
                    step[r] = (System.nanoTime() - t0) / 1e3 / (3 * batches.size());
                }
            }
            System.out.printf("W3 %-8s step %7.1f us at batch 128 = %.0f samples/s (median of %d: %s)%n",
                    lean ? "lean" : "samediff", median(step), 128e6 / median(step), runs, fmt(step));
        }
    }

    // ------------------------------------------------------------------ native memory

    static void nativeGrowth(String w, boolean lean, ModelGraph g, List<Map<String, INDArray>> batches) {
        try (SameDiffModel m = SameDiffModel.build(g, lean)) {
            Optimizer opt = Optimizer.create(Sgd.builder().lr(0.01).build(), m.parameters());
            for (int i = 0; i < 500; i++) {
                m.computeGradients(batches.get(i));
                opt.step(m.gradients());
            }
            long before = org.bytedeco.javacpp.Pointer.totalBytes();
            long maxSeen = before;
            for (int i = 0; i < 10_000; i++) {
                m.computeGradients(batches.get(i % batches.size()));
                opt.step(m.gradients());
                if (i % 100 == 0) {
                    maxSeen = Math.max(maxSeen, org.bytedeco.javacpp.Pointer.totalBytes());
                }
            }
            long after = org.bytedeco.javacpp.Pointer.totalBytes();
            System.out.printf("%s %-8s javacpp totalBytes over 10,000 steps: before %d, after %d (growth %+d), peak seen %d%n",
                    w, lean ? "lean" : "samediff", before, after, after - before, maxSeen);
        }
    }

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    static String fmt(double[] v) {
        StringBuilder b = new StringBuilder();
        for (double d : v) {
            b.append(b.length() == 0 ? "" : " ").append(String.format("%.1f", d));
        }
        return b.toString();
    }
}

package dev.descent.compile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import dev.descent.graph.ConvOps;
import dev.descent.graph.Expr;
import dev.descent.graph.Functional;
import dev.descent.graph.Window2d;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The lean executor against SameDiff's own {@code calculateGradientsAndOutputs}: two models from
 * one graph, one on each path, stepped in lockstep (same batches, same SGD updates, changing
 * batch sizes); losses and every gradient must agree at every step.
 */
class LeanExecutorTest {

    /** Relative tolerance; in practice the two paths run the same kernels on the same data and agree bit for bit. */
    private static final double TOL = 1e-6;
    /**
     * For sums over many elements: the fused kernel sums in double, SameDiff's reduce_mean and
     * add_bp in float. Over 150,000 squares the float mean is off by ~1.2e-5 of itself, and where a
     * bias gradient's terms cancel (1.5e-3 from terms of ~0.1) the float sum's rounding shows at
     * ~2e-5 of the result.
     */
    private static final double SUM_TOL = 1e-4;

    private static float[] uniform(java.util.Random r, int n, double bound) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = (float) ((r.nextDouble() * 2 - 1) * bound);
        }
        return f;
    }

    private static INDArray rand(java.util.Random r, double bound, long... shape) {
        long n = 1;
        for (long s : shape) {
            n *= s;
        }
        return Nd4j.createFromArray(uniform(r, (int) n, bound)).reshape(shape);
    }

    /** Runs {@code steps} lockstep SGD steps; batch {@code i} comes from {@code batchAt}. Returns the lean model's last loss. */
    private static double lockstep(ModelGraph g, int steps, double lr, IntFunction<Map<String, INDArray>> batchAt) {
        return lockstep(g, true, steps, lr, batchAt);
    }

    private static double lockstep(ModelGraph g, boolean expectLean, int steps, double lr,
            IntFunction<Map<String, INDArray>> batchAt) {
        return lockstep(g, expectLean, steps, lr, batchAt, TOL);
    }

    /** With {@code tol}, relative to each parameter's largest gradient element, instead of {@link #TOL}. */
    private static double lockstep(ModelGraph g, boolean expectLean, int steps, double lr,
            IntFunction<Map<String, INDArray>> batchAt, double tol) {
        try (SameDiffModel ref = SameDiffModel.build(g, false); SameDiffModel lean = SameDiffModel.build(g, true)) {
            assertEquals(expectLean, lean.usesLeanExecutor(), "whether the lean path takes this graph");
            Map<String, INDArray> leanGrads = lean.gradients();
            double last = Double.NaN;
            for (int s = 0; s < steps; s++) {
                Map<String, INDArray> batch = batchAt.apply(s);
                double lr0 = ref.computeGradients(batch);
                double l1 = lean.computeGradients(batch);
                assertEquals(lr0, l1, tol * Math.max(Math.abs(lr0), 1e-30), "loss at step " + s);
                for (String p : ref.parameterNames()) {
                    INDArray gr = ref.gradients().get(p);
                    INDArray gl = lean.gradients().get(p);
                    assertSame(leanGrads.get(p), gl);
                    assertArrayEquals(gr.shape(), gl.shape(), p);
                    double[] a = gr.dup().data().asDouble();
                    double[] b = gl.dup().data().asDouble();
                    double scale = 0;
                    for (double v : a) {
                        scale = Math.max(scale, Math.abs(v));
                    }
                    for (int i = 0; i < a.length; i++) {
                        assertEquals(a[i], b[i], tol * Math.max(scale, 1e-30), "d loss/d " + p + "[" + i + "] at step " + s);
                    }
                }
                for (String p : ref.parameterNames()) {
                    ref.parameters().get(p).subi(ref.gradients().get(p).mul(lr));
                    lean.parameters().get(p).subi(lean.gradients().get(p).mul(lr));
                }
                last = l1;
            }
            return last;
        }
    }

    private static Map<String, INDArray> xy(INDArray x, INDArray y) {
        Map<String, INDArray> m = new HashMap<>();
        m.put("x", x);
        m.put("y", y);
        return m;
    }

    @Test
    void w1ModelMatchesSameDiffAtBatchOne() {
        Expr x = Ops.input("x", Shape.ANY, 1);
        Expr y = Ops.input("y", Shape.ANY, 1);
        Expr w = Ops.param("w", Nd4j.zeros(DataType.FLOAT, 1, 1));
        Expr b = Ops.param("b", Nd4j.zeros(DataType.FLOAT, 1));
        Expr pred = x.matmul(w).plus(b);
        ModelGraph g = ModelGraph.builder().output("pred", pred).loss(Ops.mean(Ops.square(pred.minus(y)))).build();
        double loss = lockstep(g, 40, 0.01, i -> {
            float xi = (float) (((i * 7919L) % 20000) / 10000.0 - 1.0);
            float yi = (float) (3.0 * xi + 2.0 + 0.1 * Math.sin(1.7 * i));
            return xy(Nd4j.createFromArray(new float[][] {{xi}}), Nd4j.createFromArray(new float[][] {{yi}}));
        });
        assertTrue(loss > 0 && loss < 20, "loss " + loss);
    }

    /** mean((x·w + b − y)²) over {@code features} inputs: the linear-regression graph several tests share. */
    private static ModelGraph linearRegression(java.util.Random r, int features) {
        Expr x = Ops.input("x", Shape.ANY, features);
        Expr y = Ops.input("y", Shape.ANY, 1);
        Expr pred = x.matmul(Ops.param("w", rand(r, 0.5, features, 1))).plus(Ops.param("b", Nd4j.zeros(DataType.FLOAT, 1)));
        return ModelGraph.builder().output("pred", pred).loss(Ops.mean(Ops.square(pred.minus(y)))).build();
    }

    @Test
    void linearRegressionMatchesAcrossBatchSizes() {
        java.util.Random r = new java.util.Random(1);
        ModelGraph g = linearRegression(r, 4);
        int[] sizes = {32, 32, 1, 32, 7, 1, 32, 7};
        lockstep(g, sizes.length, 0.05, i -> xy(rand(r, 1, sizes[i], 4), rand(r, 1, sizes[i], 1)));
    }

    /**
     * A target fed as a strided view (not a plain buffer): the fused squared-error kernel copies it
     * to a scratch array each step, and must see each step's new values.
     */
    @Test
    void squaredErrorWithAStridedTargetMatches() {
        java.util.Random r = new java.util.Random(4);
        ModelGraph g = linearRegression(r, 3);
        lockstep(g, 5, 0.05, i -> xy(rand(r, 1, 20, 3), rand(r, 1, 20, 2).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1))));
    }

    /** mean((x·W + b − y)²) with {@code outputs} columns: W [features, outputs], b [outputs] (or [1] when {@code scalarBias}). */
    private static ModelGraph multiOutputRegression(java.util.Random r, int features, int outputs, boolean scalarBias) {
        Expr x = Ops.input("x", Shape.ANY, features);
        Expr y = Ops.input("y", Shape.ANY, outputs);
        Expr pred = x.matmul(Ops.param("w", rand(r, 0.5, features, outputs)))
                .plus(Ops.param("b", rand(r, 0.3, scalarBias ? 1 : outputs)));
        return ModelGraph.builder().output("pred", pred).loss(Ops.mean(Ops.square(pred.minus(y)))).build();
    }

    private static List<Fusion.Kind> fusedKinds(ModelGraph g, Map<String, INDArray> batch) {
        try (SameDiffModel m = SameDiffModel.build(g, true)) {
            m.computeGradients(batch);
            return java.util.Objects.requireNonNull(java.util.Objects.requireNonNull(m.leanExecutor()).latestPlan()).fusedKinds();
        }
    }

    /**
     * The bias add and its gradient fused into the squared error, with a bias per output column:
     * each column's bias is added to its own elements and the gradient summed per column, at
     * batch sizes that split the pass over two threads (on row boundaries) and at batch 1.
     */
    @Test
    void biasedSquaredErrorMatchesPerColumnAndAcrossThreads() {
        java.util.Random r = new java.util.Random(11);
        ModelGraph g = multiOutputRegression(r, 5, 3, false);
        assertEquals(List.of(Fusion.Kind.BIASED_SQUARED_ERROR_MEAN), fusedKinds(g, xy(rand(r, 1, 8, 5), rand(r, 1, 8, 3))));
        // each size twice: a plan's first step runs the graph's own ops (the kernels bind after it)
        int[] sizes = {8, 8, 50_000, 50_000, 1, 1, 50_001, 50_001, 3, 3};   // 150,000+ elements: two parts
        lockstep(g, true, sizes.length, 0.05, i -> xy(rand(r, 1, sizes[i], 5), rand(r, 1, sizes[i], 3)), SUM_TOL);
        ModelGraph one = linearRegression(r, 4);
        int[] big = {200_000, 200_000, 131_073, 131_073, 2, 2};
        lockstep(one, true, big.length, 0.05, i -> xy(rand(r, 1, big[i], 4), rand(r, 1, big[i], 1)), SUM_TOL);
    }

    /**
     * The biased fusion when the prediction's other term is itself fed ({@code x + b}): both fed
     * arrays are rebound every step, here as strided views, which the kernel copies each step.
     */
    @Test
    void biasedSquaredErrorWithFedTermsAndViews() {
        java.util.Random r = new java.util.Random(13);
        Expr x = Ops.input("x", Shape.ANY, 3);
        Expr y = Ops.input("y", Shape.ANY, 3);
        Expr pred = x.plus(Ops.param("b", rand(r, 0.3, 3)));
        ModelGraph g = ModelGraph.builder().output("pred", pred).loss(Ops.mean(Ops.square(pred.minus(y)))).build();
        assertEquals(List.of(Fusion.Kind.BIASED_SQUARED_ERROR_MEAN), fusedKinds(g, xy(rand(r, 1, 5, 3), rand(r, 1, 5, 3))));
        org.nd4j.linalg.indexing.INDArrayIndex cols = org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4);
        org.nd4j.linalg.indexing.INDArrayIndex all = org.nd4j.linalg.indexing.NDArrayIndex.all();
        lockstep(g, true, 6, 0.1, i -> i % 3 == 2
                ? xy(rand(r, 1, 5, 3), rand(r, 1, 5, 3))
                : xy(rand(r, 1, 5, 5).get(all, cols), rand(r, 1, 5, 4).get(all, cols)), SUM_TOL);
    }

    /** A bias that broadcasts as a scalar over several columns is not the kernel's case: the plain fusion runs instead. */
    @Test
    void scalarBiasOverSeveralColumnsFallsBackToThePlainFusion() {
        java.util.Random r = new java.util.Random(12);
        ModelGraph g = multiOutputRegression(r, 4, 3, true);
        assertEquals(List.of(Fusion.Kind.SQUARED_ERROR_MEAN), fusedKinds(g, xy(rand(r, 1, 6, 4), rand(r, 1, 6, 3))));
        lockstep(g, 4, 0.05, i -> xy(rand(r, 1, 6 + i / 2, 4), rand(r, 1, 6 + i / 2, 3)));
    }

    /**
     * The kernels actually take over: mean squared error fused into one pass; the one-output layer's
     * product and weight gradient as matrix-vector products and the bias gradient in Java; in the
     * MLP, ReLU's and max's gradients and the bias gradients.
     */
    @Test
    void stepKernelsReplaceTheirOps() {
        java.util.Random r = new java.util.Random(5);
        ModelGraph linear = linearRegression(r, 4);
        try (SameDiffModel m = SameDiffModel.build(linear, true)) {
            m.computeGradients(xy(rand(r, 1, 64, 4), rand(r, 1, 64, 1)));
            LeanPlan plan = java.util.Objects.requireNonNull(java.util.Objects.requireNonNull(m.leanExecutor()).latestPlan());
            assertEquals(List.of(Fusion.Kind.BIASED_SQUARED_ERROR_MEAN), plan.fusedKinds(),
                    "mean squared error fused with the bias add before it and the bias gradient after it");
            assertEquals(2, plan.kernelCount(), "x·w and its weight gradient (the bias's add and gradient are in the fusion)");
        }
        Expr in = Ops.input("x", Shape.ANY, 6);
        Expr label = Ops.indexInput("label", Shape.ANY);
        Expr h = Ops.relu(in.matmul(Ops.param("w0", rand(r, 0.4, 6, 8))).plus(Ops.param("b0", rand(r, 0.1, 8))));
        Expr logits = h.matmul(Ops.param("w1", rand(r, 0.4, 8, 10))).plus(Ops.param("b1", rand(r, 0.1, 10)));
        Expr ce = Ops.neg(Ops.mean(Ops.sum(Ops.mul(Ops.oneHot(label, 10), Ops.logSoftmax(logits, 1)), false, 1)));
        try (SameDiffModel m = SameDiffModel.build(ModelGraph.builder().loss(ce).build(), true)) {
            float[] labels = new float[16];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = i % 10;
            }
            m.computeGradients(Map.of("x", rand(r, 1, 16, 6), "label", Nd4j.createFromArray(labels)));
            LeanPlan plan = java.util.Objects.requireNonNull(java.util.Objects.requireNonNull(m.leanExecutor()).latestPlan());
            assertEquals(2, plan.fusedCount(), "log-softmax and its gradient, the cross-entropy around it");
            assertEquals(6, plan.kernelCount(), "ReLU and its gradient, two biases and their gradients");
        }
    }

    /**
     * A LeNet-like CNN with batch norm (conv, batch norm, relu, max pool, conv, avg pool with padding,
     * dense, cross entropy) runs on the lean path and matches SameDiff's session step for step,
     * running statistics included, across a short last batch.
     */
    @Test
    void convolutionalNetworkWithBatchNormRunsLeanAndMatches() {
        java.util.Random r = new java.util.Random(5);
        Expr in = Ops.input("x", Shape.ANY, 1, 12, 12);
        Expr label = Ops.indexInput("y", Shape.ANY);
        // no bias before batch norm: its gradient is zero but for rounding noise, which no tolerance compares
        Expr h = ConvOps.conv2d(in, Ops.param("c1.w", rand(r, 0.3, 4, 1, 5, 5)), null, Window2d.of(5, 5));
        h = Functional.batchNorm(h, Ops.param("bn.w", rand(r, 1, 4).addi(1)), Ops.param("bn.b", rand(r, 0.1, 4)),
                Ops.buffer("bn.running_mean", Nd4j.zeros(DataType.FLOAT, 4)), Ops.buffer("bn.running_var", Nd4j.ones(DataType.FLOAT, 4)),
                1e-5, 0.1);
        h = ConvOps.maxPool2d(Ops.relu(h), Window2d.of(2, 2).withStride(2, 2));
        h = ConvOps.conv2d(h, Ops.param("c2.w", rand(r, 0.3, 6, 4, 3, 3)), Ops.param("c2.b", rand(r, 0.3, 6)),
                Window2d.of(3, 3).withPadding(1, 1));
        h = ConvOps.avgPool2d(Ops.tanh(h), Window2d.of(3, 3).withStride(2, 2).withPadding(1, 1));
        h = Ops.reshape(h, Shape.ANY, 6 * 2 * 2).matmul(Ops.param("fc.w", rand(r, 0.2, 24, 5)));
        Expr ce = Ops.neg(Ops.mean(Ops.sum(Ops.mul(Ops.oneHot(label, 5), Ops.logSoftmax(h, 1)), false, 1)));
        ModelGraph g = ModelGraph.builder().output("logits", h).loss(ce).build();
        int[] sizes = {8, 8, 3, 8};
        Map<String, INDArray>[] batches = new Map[sizes.length];
        for (int i = 0; i < sizes.length; i++) {
            float[] labels = new float[sizes[i]];
            for (int k = 0; k < labels.length; k++) {
                labels[k] = r.nextInt(5);
            }
            batches[i] = xy(rand(r, 1, sizes[i], 1, 12, 12), Nd4j.createFromArray(labels));
        }
        lockstep(g, sizes.length, 0.1, i -> batches[i]);
        try (SameDiffModel ref = SameDiffModel.build(g, false); SameDiffModel lean = SameDiffModel.build(g, true)) {
            for (Map<String, INDArray> b : batches) {
                ref.computeGradients(b);
                lean.computeGradients(b);
            }
            for (String name : List.of("bn.running_mean", "bn.running_var")) {
                INDArray a = ref.buffers().get(name);
                assertTrue(a.equalsWithEps(lean.buffers().get(name), 1e-6), name + ": " + a + " vs " + lean.buffers().get(name));
                assertTrue(a.sub(name.endsWith("mean") ? 0 : 1).amaxNumber().doubleValue() > 1e-3, name + " moved");
            }
        }
    }

    @Test
    void mlpWithCrossEntropyMatchesIncludingShortLastBatch() {
        java.util.Random r = new java.util.Random(2);
        int[] d = {784, 256, 128, 10};
        Expr in = Ops.input("x", Shape.ANY, d[0]);
        Expr label = Ops.indexInput("y", Shape.ANY);
        Expr h = in;
        for (int l = 0; l < 3; l++) {
            double bound = 1 / Math.sqrt(d[l]);
            h = h.matmul(Ops.param("w" + l, rand(r, bound, d[l], d[l + 1]))).plus(Ops.param("b" + l, rand(r, bound, d[l + 1])));
            if (l < 2) {
                h = Ops.relu(h);
            }
        }
        Expr ce = Ops.neg(Ops.mean(Ops.sum(Ops.mul(Ops.oneHot(label, 10), Ops.logSoftmax(h, 1)), false, 1)));
        ModelGraph g = ModelGraph.builder().output("logits", h).loss(ce).build();
        int[] sizes = {32, 32, 32, 5, 32, 5};
        double loss = lockstep(g, sizes.length, 0.1, i -> {
            float[] labels = new float[sizes[i]];
            for (int k = 0; k < labels.length; k++) {
                labels[k] = r.nextInt(10);
            }
            return xy(rand(r, 1, sizes[i], d[0]), Nd4j.createFromArray(labels));
        });
        assertTrue(loss > 0 && loss < 10, "loss " + loss);
    }

    /**
     * Log-softmax fused (forward and backward in kernels of ours) against SameDiff's op chain, with
     * logits tens apart (softmax saturated), soft targets and the reduction written torch's way
     * (negate per sample, then average): the fusion does not depend on the cross-entropy around it.
     */
    @Test
    void fusedLogSoftmaxAndCrossEntropyMatchWithSaturatedLogitsAndSoftTargets() {
        java.util.Random r = new java.util.Random(8);
        Expr in = Ops.input("x", Shape.ANY, 5);
        Expr target = Ops.input("p", Shape.ANY, 4);
        Expr logits = in.matmul(Ops.param("w", rand(r, 20, 5, 4))).plus(Ops.param("b", rand(r, 5, 4)));
        Expr ce = Ops.mean(Ops.neg(Ops.sum(Ops.logSoftmax(logits, 1).times(target), false, 1)));
        ModelGraph g = ModelGraph.builder().loss(ce).build();
        try (SameDiffModel m = SameDiffModel.build(g, true)) {
            m.computeGradients(Map.of("x", rand(r, 1, 8, 5), "p", rand(r, 1, 8, 4)));
            LeanPlan plan = java.util.Objects.requireNonNull(java.util.Objects.requireNonNull(m.leanExecutor()).latestPlan());
            assertEquals(2, plan.fusedCount(), "log-softmax, and the soft-target cross-entropy written torch's way");
        }
        int[] sizes = {8, 8, 3, 8};
        double loss = lockstep(g, sizes.length, 0.01, i -> {
            INDArray p = rand(r, 1, sizes[i], 4);
            p = Transforms.abs(p);
            p.diviColumnVector(p.sum(true, 1));
            Map<String, INDArray> m = new HashMap<>();
            m.put("x", rand(r, 1, sizes[i], 5));
            m.put("p", p);
            return m;
        });
        assertTrue(loss > 1, "saturated logits give a large loss: " + loss);
    }

    /**
     * Plans call libnd4j directly on the CPU backend; with one of ND4J's profiling checks on they go
     * through the executioner (which runs the check), and either way give the same step. A fed
     * array that was closed is refused with a message, never passed to native code.
     */
    @Test
    void directNativeCallsGiveWayToProfilingAndRefuseClosedInputs() {
        java.util.Random r = new java.util.Random(9);
        ModelGraph g = linearRegression(r, 3);
        INDArray x = rand(r, 1, 16, 3);
        INDArray y = rand(r, 1, 16, 1);
        assertTrue(DirectCall.usable(new INDArray[] {x, y}), "CPU backend, no profiling: direct calls");
        double direct;
        double profiled;
        try (SameDiffModel m = SameDiffModel.build(g, true)) {
            m.computeGradients(xy(x, y));
            direct = m.computeGradients(xy(x, y));
        }
        org.nd4j.linalg.profiler.ProfilerConfig before = org.nd4j.linalg.profiler.OpProfiler.getInstance().getConfig();
        try (SameDiffModel m = SameDiffModel.build(g, true)) {
            Nd4j.getExecutioner().setProfilingConfig(org.nd4j.linalg.profiler.ProfilerConfig.builder().checkForNAN(true).build());
            assertFalse(DirectCall.usable(new INDArray[] {x, y}), "a NaN check is on: through the executioner");
            m.computeGradients(xy(x, y));
            profiled = m.computeGradients(xy(x, y));
        } finally {
            Nd4j.getExecutioner().setProfilingConfig(before);
        }
        assertEquals(direct, profiled, 0.0, "same step either way");
        try (SameDiffModel m = SameDiffModel.build(g, true)) {
            m.computeGradients(xy(x, y));
            INDArray closed = x.dup();
            closed.close();
            DescentException e = assertThrows(DescentException.class, () -> m.computeGradients(xy(closed, y)));
            assertTrue(e.getMessage().contains("'x' was closed"), e.getMessage());
        }
    }

    @Test
    void bowlWithoutInputsMatches() {
        Expr a = Ops.param("a", Nd4j.scalar(3f));
        Expr b = Ops.param("b", Nd4j.scalar(-4f));
        ModelGraph g = ModelGraph.builder().loss(a.square().plus(b.square())).build();
        double loss = lockstep(g, 5, 0.1, i -> Map.of());
        // a, b shrink by 0.8 each step: after 4 updates the 5th loss is 25 * 0.8^8
        assertEquals(25 * Math.pow(0.8, 8), loss, 1e-4);
    }

    @Test
    void broadOpMixMatches() {
        java.util.Random r = new java.util.Random(3);
        Expr x = Ops.input("x", Shape.ANY, 3);
        Expr y = Ops.input("y", Shape.ANY, 3);
        Expr w = Ops.param("w", rand(r, 0.5, 3, 3));
        Expr c = Ops.param("c", rand(r, 0.5, 3));
        Expr h = Ops.tanh(x.matmul(w)).plus(Ops.sigmoid(x.times(c)));
        Expr k = Ops.exp(Ops.neg(Ops.abs(h))).plus(Ops.log(Ops.sqrt(Ops.square(h).plus(1.0))));
        Expr m = Ops.maximum(Ops.sin(k), Ops.cos(k)).minus(Ops.minimum(Ops.erf(k), Ops.leakyRelu(h, 0.1)));
        Expr p = Ops.pow(Ops.softmax(m, 1).plus(0.5), 1.5).div(Ops.max(m, true, 1).plus(3.0));
        Expr t = Ops.sum(Ops.transpose(p), false, 1).times(Ops.reshape(Ops.square(w), 9, 1).sum());
        Expr loss = Ops.mean(Ops.square(p.minus(y))).plus(Ops.sum(t).times(0.01)).plus(Ops.sum(Ops.mean(x, false, 0).times(c)));
        ModelGraph g = ModelGraph.builder().loss(loss).build();
        int[] sizes = {8, 8, 3, 8};
        lockstep(g, sizes.length, 0.1, i -> xy(rand(r, 1, sizes[i], 3), rand(r, 1, sizes[i], 3)));
    }

    /**
     * Indexing is lowered to slice (SameDiff differentiates gather with a while loop, which the lean
     * path would have to decline): the lean path takes the graph and agrees with the session.
     */
    @Test
    void indexingRunsOnTheLeanPath() {
        java.util.Random r = new java.util.Random(4);
        Expr x = Ops.input("x", Shape.ANY, 3);
        Expr v = Ops.param("v", rand(r, 0.5, 2, 3));
        Expr loss = Ops.sum(Ops.square(Ops.index(v, 1).times(Ops.mean(x, false, 0))));
        ModelGraph g = ModelGraph.builder().loss(loss).build();
        lockstep(g, true, 3, 0.1, i -> Map.of("x", rand(r, 1, 4, 3)));
    }

    /**
     * A layer over an input batch needs only its weight gradient: the lean op order replaces
     * matmul_bp (which also computes the input's gradient) with one transposed matmul, and the
     * results still agree with SameDiff's session. A layer over a hidden activation keeps
     * matmul_bp, since its input gradient flows on.
     */
    @Test
    void inputLayerComputesOnlyTheWeightGradient() {
        java.util.Random r = new java.util.Random(9);
        Expr x = Ops.input("x", Shape.ANY, 6);
        Expr y = Ops.input("y", Shape.ANY, 1);
        Expr w1 = Ops.param("w1", rand(r, 0.5, 6, 4));
        Expr w2 = Ops.param("w2", rand(r, 0.5, 4, 1));
        Expr pred = Ops.tanh(x.matmul(w1)).matmul(w2);
        ModelGraph g = ModelGraph.builder().output("pred", pred).loss(Ops.mean(Ops.square(pred.minus(y)))).build();
        try (SameDiffModel m = SameDiffModel.build(g, true)) {
            java.util.List<String> ops = m.leanOpNames();
            assertEquals(1, ops.stream().filter("matmul_bp"::equals).count(), ops.toString());
            assertTrue(ops.stream().filter("matmul"::equals).count() >= 3, ops.toString());
        }
        int[] sizes = {16, 16, 3, 16};
        lockstep(g, sizes.length, 0.05, i -> xy(rand(r, 1, sizes[i], 6), rand(r, 1, sizes[i], 1)));
    }

    @Test
    void plansAreReusedAndBounded() {
        Expr x = Ops.input("x", Shape.ANY, 2);
        Expr w = Ops.param("w", Nd4j.ones(DataType.FLOAT, 2, 1));
        ModelGraph g = ModelGraph.builder().loss(Ops.mean(Ops.square(x.matmul(w)))).build();
        try (SameDiffModel m = SameDiffModel.build(g, true)) {
            INDArray grad = m.gradients().get("w");
            for (int n : List.of(4, 4, 3, 4, 3)) {
                m.computeGradients(Map.of("x", Nd4j.ones(DataType.FLOAT, n, 2)));
            }
            assertEquals(2, m.leanPlanCount());
            for (int n = 1; n <= 10; n++) {
                double loss = m.computeGradients(Map.of("x", Nd4j.ones(DataType.FLOAT, n, 2)));
                assertEquals(4.0, loss, 1e-6);
                assertEquals(4.0, grad.getDouble(0), 1e-6); // d/dw mean((x w)^2) = 2 * 2 * 1 for all-ones x
            }
            assertEquals(LeanExecutor.MAX_PLANS, m.leanPlanCount());
            assertSame(grad, m.gradients().get("w"));
        }
    }

    /**
     * A plan's first step (its ops run one by one while binding, then again through the fused
     * kernels) has the bits of every later step, so a step's result never depends on which shapes'
     * plans were cached: not on the batches before it, a restart, or which executor of a cluster runs it.
     */
    @Test
    void aNewPlansStepHasTheBitsOfACachedPlansStep() {
        java.util.Random r = new java.util.Random(9);
        ModelGraph g = multiOutputRegression(r, 5, 3, false);
        Map<String, INDArray> batch = xy(rand(r, 1, 200, 5), rand(r, 1, 200, 3));
        try (SameDiffModel m = SameDiffModel.build(g, true)) {
            double built = m.computeGradients(batch);
            Map<String, float[]> builtGrads = new HashMap<>();
            m.gradients().forEach((k, v) -> builtGrads.put(k, v.dup().data().asFloat()));
            assertEquals(List.of(Fusion.Kind.BIASED_SQUARED_ERROR_MEAN),
                    java.util.Objects.requireNonNull(java.util.Objects.requireNonNull(m.leanExecutor()).latestPlan()).fusedKinds());
            double cached = m.computeGradients(batch);
            assertEquals(Double.doubleToLongBits(built), Double.doubleToLongBits(cached), built + " then " + cached);
            m.gradients().forEach((k, v) -> assertArrayEquals(builtGrads.get(k), v.dup().data().asFloat(), 0f, k));
        }
    }
}

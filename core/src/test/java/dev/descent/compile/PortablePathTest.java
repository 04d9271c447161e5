package dev.descent.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.ExecutionPath;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * On the portable path (what a CUDA backend gets) a plan binds no Java kernel or fusion and never
 * calls libnd4j directly, and its gradients equal the fast path's.
 */
class PortablePathTest {

    private static ModelGraph mlp() {
        Random r = new Random(11);
        Expr in = Ops.input("x", Shape.ANY, 6);
        Expr label = Ops.indexInput("label", Shape.ANY);
        Expr h = Ops.relu(in.matmul(Ops.param("w0", rand(r, 6, 8))).plus(Ops.param("b0", rand(r, 8))));
        Expr logits = h.matmul(Ops.param("w1", rand(r, 8, 10))).plus(Ops.param("b1", rand(r, 10)));
        Expr ce = Ops.neg(Ops.mean(Ops.sum(Ops.mul(Ops.oneHot(label, 10), Ops.logSoftmax(logits, 1)), false, 1)));
        return ModelGraph.builder().loss(ce).build();
    }

    private static INDArray rand(Random r, long... shape) {
        float[] v = new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() - 0.5);
        }
        return Nd4j.createFromArray(v).reshape(shape);
    }

    private static Map<String, INDArray> batch() {
        Random r = new Random(3);
        float[] labels = new float[16];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 10;
        }
        return Map.of("x", rand(r, 16, 6), "label", Nd4j.createFromArray(labels));
    }

    private static <T> T withPortable(String value, Supplier<T> body) {
        String before = System.getProperty(ExecutionPath.PORTABLE_PROPERTY);
        System.setProperty(ExecutionPath.PORTABLE_PROPERTY, value);
        try {
            return body.get();
        } finally {
            if (before == null) {
                System.clearProperty(ExecutionPath.PORTABLE_PROPERTY);
            } else {
                System.setProperty(ExecutionPath.PORTABLE_PROPERTY, before);
            }
        }
    }

    private record Step(double loss, Map<String, INDArray> grads, int kernels, int fusions, boolean direct) {
    }

    private static Step step() {
        try (SameDiffModel m = SameDiffModel.build(mlp(), true)) {
            m.computeGradients(batch()); // binds the plan (its first run goes through the executioner)
            double loss = m.computeGradients(batch());
            LeanPlan plan = Objects.requireNonNull(Objects.requireNonNull(m.leanExecutor()).latestPlan());
            Map<String, INDArray> grads = new java.util.HashMap<>();
            m.gradients().forEach((k, v) -> grads.put(k, v.dup()));
            return new Step(loss, grads, plan.kernelCount(), plan.fusedCount(), plan.calledDirectly());
        }
    }

    @Test
    void portablePlansUseNoJavaKernelNorDirectCallAndMatchTheFastPath() {
        Step fast = withPortable("false", PortablePathTest::step);
        Step portable = withPortable("true", PortablePathTest::step);

        if (ExecutionPath.select(Nd4j.getBackend().getClass().getName(), null) == ExecutionPath.FAST) {
            assertTrue(fast.kernels() > 0 && fast.fusions() > 0 && fast.direct(), "the fast path engages on the CPU: " + fast);
        } else {
            // a GPU backend (scripts/gpu-check.sh): the property cannot turn the fast path on
            assertEquals(0, fast.kernels() + fast.fusions(), "no Java kernel on a non-CPU backend: " + fast);
            assertFalse(fast.direct(), "no direct call on a non-CPU backend");
        }
        assertEquals(0, portable.kernels(), "no Java kernel on the portable path");
        assertEquals(0, portable.fusions(), "no fused Java kernel on the portable path");
        assertFalse(portable.direct(), "no direct libnd4j call on the portable path");

        assertEquals(fast.loss(), portable.loss(), 1e-6 * Math.abs(fast.loss()));
        for (Map.Entry<String, INDArray> e : fast.grads().entrySet()) {
            INDArray p = portable.grads().get(e.getKey());
            double scale = Math.max(1e-6, e.getValue().norm2Number().doubleValue());
            assertEquals(0, e.getValue().sub(p).norm2Number().doubleValue() / scale, 1e-5, e.getKey());
        }
    }
}

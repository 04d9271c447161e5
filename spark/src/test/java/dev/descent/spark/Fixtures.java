package dev.descent.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.dsl.Model;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.loss.Reduction;
import dev.descent.dsl.nn.Activation;
import dev.descent.dsl.nn.Sequential;
import dev.descent.graph.ModelGraph;
import dev.descent.train.StepRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Shared Spark context (one per JVM, as Spark allows), data and models of the tests. */
final class Fixtures {
    static final int N = 37;
    static final int D = 3;
    static final int K = 2;
    static final int CLASSES = 3;
    private static JavaSparkContext sc;

    private Fixtures() {
    }

    /**
     * local[2,2]: two task threads, and a failed task is tried again once (maxFailures 2). Shared by the
     * tests of this JVM; started again if a test stopped it to run a context of its own.
     */
    static synchronized JavaSparkContext sc() {
        if (sc == null || sc.sc().isStopped()) {
            SparkConf conf = new SparkConf().setMaster("local[2,2]").setAppName("descent-spark-tests")
                    .set("spark.ui.enabled", "false")
                    .set("spark.ui.showConsoleProgress", "false")
                    .set("spark.driver.host", "127.0.0.1")
                    .set("spark.driver.bindAddress", "127.0.0.1");
            sc = new JavaSparkContext(conf);
        }
        return sc;
    }

    /** Stops the shared context (a JVM runs one at a time), for a test that needs a context of its own. */
    static synchronized void stopShared() {
        if (sc != null) {
            sc.stop();
            sc = null;
        }
    }

    static float[][] features() {
        Random r = new Random(11);
        float[][] x = new float[N][D];
        for (float[] row : x) {
            for (int j = 0; j < D; j++) {
                row[j] = (float) r.nextGaussian();
            }
        }
        return x;
    }

    /** A smooth nonlinear regression target of two outputs. */
    static float[][] targets(float[][] x) {
        float[][] y = new float[N][K];
        for (int i = 0; i < N; i++) {
            y[i][0] = (float) Math.sin(x[i][0]) + 0.5f * x[i][1];
            y[i][1] = x[i][2] * x[i][0] - 0.2f;
        }
        return y;
    }

    static int[] classes(float[][] x) {
        int[] c = new int[N];
        for (int i = 0; i < N; i++) {
            c[i] = x[i][0] + x[i][1] > 0.5 ? 2 : x[i][2] > 0 ? 1 : 0;
        }
        return c;
    }

    static JavaRDD<Sample> regressionRdd() {
        return sc().parallelize(regressionSamples(), 4);
    }

    static List<Sample> regressionSamples() {
        float[][] x = features();
        float[][] y = targets(x);
        List<Sample> list = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            list.add(Sample.of(x[i], y[i]));
        }
        return list;
    }

    static Dataset regressionData() {
        float[][] x = features();
        return Dataset.of("x", Nd4j.createFromArray(x), "y", Nd4j.createFromArray(targets(x)));
    }

    static JavaRDD<Sample> classRdd() {
        float[][] x = features();
        int[] c = classes(x);
        List<Sample> list = new ArrayList<>();
        for (int i = 0; i < N; i++) {
            list.add(Sample.ofClass(x[i], c[i]));
        }
        return sc().parallelize(list, 4);
    }

    static Dataset classData() {
        float[][] x = features();
        int[] c = classes(x);
        float[] cf = new float[N];
        for (int i = 0; i < N; i++) {
            cf[i] = c[i];
        }
        return Dataset.of("x", Nd4j.createFromArray(x), "y", Nd4j.createFromArray(cf));
    }

    /** 3 -> 5 (tanh) -> 2, mean squared error. */
    static ModelGraph regressionMlp() {
        try (Model m = Model.of(Sequential.of(s -> s.input(D).seed(3).dense(5, Activation.tanh()).dense(K)), Loss.mse())) {
            return m.graph();
        }
    }

    /** 3 -> 6 (tanh) -> 3 logits, cross-entropy over class indices, SUM over the batch. */
    static ModelGraph classifierSum() {
        try (Model m = Model.of(Sequential.of(s -> s.input(D).seed(5).dense(6, Activation.tanh()).dense(CLASSES)),
                Loss.crossEntropy(Reduction.SUM))) {
            return m.graph();
        }
    }

    /** What a run ends with: its parameters and every step's loss, to compare runs bit by bit. */
    record Run(Map<String, float[]> parameters, double[] losses) {
        static Run of(SparkTrainer t) {
            Map<String, float[]> p = new TreeMap<>();
            t.parameters().forEach((k, v) -> p.put(k, v.dup().data().asFloat()));
            return new Run(p, t.history().steps().stream().mapToDouble(StepRecord::loss).toArray());
        }
    }

    /** Same parameters and losses, bit for bit ({@code Arrays.equals} compares floats and doubles by their bits). */
    static void assertBitIdentical(Run expected, Run actual) {
        double[] e = expected.losses();
        double[] a = actual.losses();
        for (int i = 0; i < Math.min(e.length, a.length); i++) {
            int step = i;
            assertTrue(Double.doubleToLongBits(e[i]) == Double.doubleToLongBits(a[i]),
                    () -> "the loss of step " + step + " (from the first step compared) differs: " + e[step] + " vs " + a[step]);
        }
        assertEquals(e.length, a.length, "steps");
        assertEquals(expected.parameters().keySet(), actual.parameters().keySet());
        for (String k : expected.parameters().keySet()) {
            float[] ep = expected.parameters().get(k);
            float[] ap = actual.parameters().get(k);
            assertTrue(Arrays.equals(ep, ap), () -> k + " differs: " + Arrays.toString(ep) + " vs " + Arrays.toString(ap));
        }
    }

    /** Every parameter agrees to {@code rel} relative to its largest magnitude. */
    static void assertParamsClose(Map<String, INDArray> expected, Map<String, INDArray> actual, double rel) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String k : expected.keySet()) {
            float[] e = expected.get(k).dup().data().asFloat();
            float[] a = actual.get(k).dup().data().asFloat();
            assertEquals(e.length, a.length, k);
            double scale = 0;
            double diff = 0;
            for (int i = 0; i < e.length; i++) {
                scale = Math.max(scale, Math.abs(e[i]));
                diff = Math.max(diff, Math.abs(e[i] - a[i]));
            }
            assertTrue(diff <= rel * Math.max(scale, 1e-3), k + ": max difference " + diff + " over scale " + scale);
        }
    }

    /** Parameters that moved away from {@code initial} (so a comparison is not vacuous). */
    static void assertTrained(Map<String, INDArray> initial, Map<String, INDArray> trained) {
        double moved = 0;
        for (String k : initial.keySet()) {
            moved = Math.max(moved, initial.get(k).distance2(trained.get(k)));
        }
        assertTrue(moved > 1e-2, "parameters barely moved (" + moved + ")");
    }
}

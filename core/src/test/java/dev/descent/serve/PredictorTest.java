package dev.descent.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Dataset;
import dev.descent.data.Rng;
import dev.descent.graph.ModelGraph;
import dev.descent.store.Checkpoint;
import dev.descent.store.LongMode;
import dev.descent.store.ModelFile;
import dev.descent.store.TestModels;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Many threads, one model: every answer is bit-identical to the single-threaded answer of the
 * snapshot that produced it, with mixed batch sizes, while training runs, checkpoints are written
 * and the model is swapped. Default 8 threads x 1,000 requests; under {@code -Plong} 8 and 32
 * threads x 10,000.
 */
class PredictorTest {
    private static final int INPUTS = 16;
    private static ModelGraph graph;
    private static Map<String, INDArray> trained;
    /** Request batches of mixed sizes (1..40 rows). */
    private static final List<INDArray> batches = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeAll
    static void train() {
        graph = TestModels.mlp(21);
        try (CompiledModel m = GraphCompiler.compile(graph)) {
            TestModels.trainer(m, 21, 30).fit(TestModels.data(21, TestModels.SAMPLES));
            trained = copy(m.parameters());
        }
        Rng rng = new Rng(5);
        for (int i = 0; i < INPUTS; i++) {
            batches.add(TestModels.features(rng, i == 0 ? 1 : 1 + rng.nextInt(40)));
        }
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> params) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.dup()));
        return out;
    }

    /** Single-threaded answers of {@code params} for every batch, as float arrays. */
    private static float[][] reference(Map<String, INDArray> params) {
        try (CompiledModel m = GraphCompiler.compile(graph)) {
            m.setParameters(params);
            float[][] out = new float[INPUTS][];
            for (int i = 0; i < INPUTS; i++) {
                out[i] = m.output(Map.of("x", batches.get(i)), List.of("pred")).get("pred").data().asFloat();
            }
            return out;
        }
    }

    /** Runs {@code threads} x {@code requests}; returns the failures (wrong answers and exceptions). */
    private static List<String> hammer(Predictor p, int threads, int requests, float[][] expected) throws InterruptedException {
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long seed = t;
            ts.add(new Thread(() -> {
                Rng rng = new Rng(seed);
                for (int r = 0; r < requests; r++) {
                    int i = rng.nextInt(INPUTS);
                    try {
                        float[] got = p.predict(Map.of("x", batches.get(i))).output("pred").data().asFloat();
                        if (!java.util.Arrays.equals(got, expected[i])) {
                            failures.add("thread " + seed + " request " + r + ": wrong answer for batch " + i);
                        }
                    } catch (RuntimeException e) {
                        failures.add("thread " + seed + " request " + r + ": " + e);
                    }
                }
            }));
        }
        ts.forEach(Thread::start);
        for (Thread t : ts) {
            t.join();
        }
        return new ArrayList<>(failures);
    }

    @Test
    void manyThreadsGetBitIdenticalAnswers() throws InterruptedException {
        float[][] expected = reference(trained);
        int[] threadCounts = LongMode.ON ? new int[] {8, 32} : new int[] {8};
        int requests = LongMode.pick(1_000, 10_000);
        try (Predictor p = Predictor.create(graph, trained, 4)) {
            for (int threads : threadCounts) {
                assertEquals(List.of(), hammer(p, threads, requests, expected), threads + " threads");
            }
            assertEquals(1, p.version());
        }
    }

    @Test
    void requestsSeeTheOldOrTheNewModelNeverAMixWhileTrainingCheckpointingAndSwapping() throws Exception {
        Map<Long, Map<String, INDArray>> versions = new ConcurrentHashMap<>();
        versions.put(1L, trained);
        Map<Long, List<Object[]>> answers = new ConcurrentHashMap<>(); // version -> (batch index, floats)
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicBoolean training = new AtomicBoolean(true);
        AtomicInteger checkpoints = new AtomicInteger();
        Path ckpt = dir.resolve("live.ckpt");
        int requests = LongMode.pick(400, 10_000);
        try (Predictor p = Predictor.create(graph, trained, 4)) {
            Thread trainer = new Thread(() -> {
                Dataset data = TestModels.data(22, TestModels.SAMPLES);
                try (CompiledModel m = GraphCompiler.compile(graph)) {
                    m.setParameters(trained);
                    Trainer[] self = new Trainer[1];
                    self[0] = Trainer.create(m, TrainingPlan.builder().optimizer(TestModels.sgd())
                            .batching(dev.descent.data.Batching.miniBatch(TestModels.BATCH).seed(22))
                            .steps(Long.MAX_VALUE)
                            .onStep(rec -> {
                                // on the training thread, between steps: the parameters are consistent here
                                if (rec.step() % 20 == 19) {
                                    Map<String, INDArray> snap = copy(m.parameters());
                                    long v = p.swap(snap);
                                    versions.put(v, snap);
                                }
                                if (rec.step() % 25 == 24) {
                                    Checkpoint.save(ckpt, graph, self[0]);
                                    checkpoints.incrementAndGet();
                                }
                            }).build());
                    while (training.get()) {
                        self[0].step(data);
                    }
                } catch (RuntimeException e) {
                    failures.add("trainer: " + e);
                }
            });
            trainer.start();
            List<Thread> clients = new ArrayList<>();
            CountDownLatch done = new CountDownLatch(8);
            for (int t = 0; t < 8; t++) {
                long seed = 100 + t;
                clients.add(new Thread(() -> {
                    Rng rng = new Rng(seed);
                    try {
                        for (int r = 0; r < requests; r++) {
                            int i = rng.nextInt(INPUTS);
                            try {
                                Prediction pr = p.predict(Map.of("x", batches.get(i)));
                                answers.computeIfAbsent(pr.version(), k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                                        .add(new Object[] {i, pr.output("pred").data().asFloat()});
                            } catch (RuntimeException e) {
                                failures.add("client " + seed + ": " + e);
                            }
                        }
                    } finally {
                        done.countDown();
                    }
                }));
            }
            clients.forEach(Thread::start);
            done.await();
            training.set(false);
            trainer.join();
        }
        assertEquals(List.of(), new ArrayList<>(failures));
        assertTrue(versions.size() >= 3, "the model was swapped only " + (versions.size() - 1) + " times");
        assertTrue(answers.size() >= 2, "requests saw only versions " + answers.keySet());
        assertTrue(checkpoints.get() >= 1);
        ModelFile.load(ckpt);
        int checked = 0;
        for (Map.Entry<Long, List<Object[]>> e : answers.entrySet()) {
            float[][] expected = reference(versions.get(e.getKey()));
            for (Object[] a : e.getValue()) {
                assertArrayEquals(expected[(int) a[0]], (float[]) a[1], "version " + e.getKey() + " batch " + a[0]);
                checked++;
            }
        }
        assertEquals(8 * requests, checked);
    }

    @Test
    void closeWhileRequestsAreInFlightIsClean() throws InterruptedException {
        float[][] expected = reference(trained);
        Predictor p = Predictor.create(graph, trained, 2);
        ConcurrentLinkedQueue<String> bad = new ConcurrentLinkedQueue<>();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            ts.add(new Thread(() -> {
                for (int r = 0; r < 400; r++) {
                    try {
                        float[] got = p.predict(Map.of("x", batches.get(r % INPUTS))).output("pred").data().asFloat();
                        if (!java.util.Arrays.equals(got, expected[r % INPUTS])) {
                            bad.add("wrong answer");
                        }
                        ok.incrementAndGet();
                    } catch (DescentException e) {
                        if (!e.getMessage().contains("closed")) {
                            bad.add(e.toString());
                        }
                        refused.incrementAndGet();
                    } catch (RuntimeException e) {
                        bad.add(e.toString());
                    }
                }
            }));
        }
        ts.forEach(Thread::start);
        while (ok.get() < 50) {
            Thread.onSpinWait();
        }
        p.close();
        p.close(); // idempotent
        for (Thread t : ts) {
            t.join();
        }
        assertEquals(List.of(), new ArrayList<>(bad));
        assertTrue(refused.get() > 0 && ok.get() >= 50, ok + " answered, " + refused + " refused");
        DescentException e = assertThrows(DescentException.class, () -> p.predict(Map.of("x", batches.get(0))));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(DescentException.class, () -> p.swap(trained));
    }

    @Test
    void badInputsAndParametersAreRefusedWithClearMessages() {
        try (Predictor p = Predictor.create(graph, trained, 1)) {
            DescentException shape = assertThrows(DescentException.class, () -> p.predict(Map.of("x", Nd4j.zeros(3, 5))));
            assertTrue(shape.getMessage().contains("'x'") && shape.getMessage().contains("[3, 5]")
                    && shape.getMessage().contains("[batch, 4]"), shape.getMessage());
            DescentException unknown = assertThrows(DescentException.class,
                    () -> p.predict(Map.of("x", batches.get(0), "z", Nd4j.zeros(1))));
            assertTrue(unknown.getMessage().contains("'z'"), unknown.getMessage());
            DescentException missing = assertThrows(DescentException.class, () -> p.predict(Map.of()));
            assertTrue(missing.getMessage().contains("Missing input 'x'"), missing.getMessage());
            Map<String, INDArray> wrong = new HashMap<>(trained);
            wrong.put("w1", Nd4j.zeros(4, 9));
            IllegalArgumentException swap = assertThrows(IllegalArgumentException.class, () -> p.swap(wrong));
            assertTrue(swap.getMessage().contains("w1") && swap.getMessage().contains("[4, 9]"), swap.getMessage());
            assertThrows(IllegalArgumentException.class, () -> p.swap(Map.of("nope", Nd4j.zeros(1))));
            assertEquals(1, p.version(), "a refused swap must not change the model");
            assertEquals(Map.of("x", "[batch, 4]"), p.inputs());
            assertEquals(List.of("pred"), p.outputNames());
        }
        IllegalArgumentException inst = assertThrows(IllegalArgumentException.class, () -> Predictor.create(graph, trained, 0));
        assertTrue(inst.getMessage().contains("instances: 0"), inst.getMessage());
    }

    @Test
    void loadsAFileAndSwapsInAnotherArchitecture() {
        Path file = dir.resolve("m.descent");
        ModelFile.save(file, graph, trained, Map.of());
        float[][] expected = reference(trained);
        try (Predictor p = Predictor.load(file, 2)) {
            assertArrayEquals(expected[3], p.predict(Map.of("x", batches.get(3))).output("pred").data().asFloat());
            ModelGraph other = TestModels.mlp(99);
            try (CompiledModel m = GraphCompiler.compile(other)) {
                float[] want = m.output(Map.of("x", batches.get(3)), List.of("pred")).get("pred").data().asFloat();
                assertEquals(2, p.swap(other, Map.of()));
                Prediction pr = p.predict(Map.of("x", batches.get(3)));
                assertEquals(2, pr.version());
                assertArrayEquals(want, pr.output("pred").data().asFloat());
            }
        }
    }
}

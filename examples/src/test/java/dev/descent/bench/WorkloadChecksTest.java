package dev.descent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.data.Rng;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The workloads' result checks at --quick sizes (no timing assertions). */
class WorkloadChecksTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Emitter out = new Emitter(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    @Test
    void w0ReproducesTheSeedSteps() {
        new SeedStepsWorkload().run(true, out.metrics("W0"));
        assertEquals(99.8020, out.value("W0", "w_after_step_1x1"), 1e-4);
        assertEquals(92.3770, out.value("W0", "w_after_step_batch10"), 1e-4);
        assertEquals(1.0, out.value("W0", "ok"));
    }

    @Test
    void w1DataFollowsTheHarnessFormula() {
        Dataset d = StepOverheadWorkload.data(3);
        INDArray x = d.array("x");
        assertEquals(-1.0, x.getDouble(0, 0), 1e-7);
        assertEquals((7919 % 20000) / 10000.0 - 1.0, x.getDouble(1, 0), 1e-7);
        assertEquals(((2 * 7919) % 20000) / 10000.0 - 1.0, x.getDouble(2, 0), 1e-7);
        assertEquals(3 * x.getDouble(1, 0) + 2 + 0.1 * Math.sin(1.7), d.array("y").getDouble(1, 0), 1e-6);
    }

    @Test
    void w1QuickConvergesToTheLine() {
        new StepOverheadWorkload().run(true, out.metrics("W1"));
        assertEquals(3.0, out.value("W1", "final_w"), 0.05);
        assertEquals(2.0, out.value("W1", "final_b"), 0.05);
        assertTrue(out.value("W1", "us_per_step") > 0);
        assertTrue(out.has("W1", "rss_growth_mb"));
    }

    @Test
    void w2QuickReachesTheNoiseFloor() {
        new FullBatchWorkload().run(true, out.metrics("W2"));
        assertEquals(0.0100, out.value("W2", "final_loss"), 0.0005);
        assertTrue(out.value("W2", "ms_per_step") > 0);
    }

    @Test
    void w3QuickStartsAtLn10AndLearns() {
        new MlpWorkload().run(true, out.metrics("W3"));
        double initial = out.value("W3", "initial_loss");
        double last = out.value("W3", "final_loss");
        assertEquals(Math.log(10), initial, 0.1);
        assertTrue(last < initial - 0.03, "final " + last + " vs initial " + initial);
    }

    @Test
    void w3InitIsTorchsLinearDefaultRange() {
        Map<String, INDArray> init = MlpWorkload.initialParameters();
        assertEquals(java.util.List.of("w0", "b0", "w1", "b1", "w2", "b2"), java.util.List.copyOf(init.keySet()));
        assertEquals(784, init.get("w0").size(0));
        assertEquals(256, init.get("w0").size(1));
        double bound = 1 / Math.sqrt(784);
        assertTrue(init.get("w0").amaxNumber().doubleValue() <= bound);
        assertTrue(init.get("w0").amaxNumber().doubleValue() > 0.99 * bound);
        assertTrue(init.get("b2").amaxNumber().doubleValue() <= 1 / Math.sqrt(128));
    }

    @Test
    void w4QuickMatchesAFloatReplayOfTorchsSgd() {
        new UpdateWorkload().run(true, out.metrics("W4"));
        assertTrue(out.value("W4", "ms_per_update") > 0);
        assertTrue(out.value("W4", "update_GBps_nesterov") > 0);
    }

    @Test
    void w4CheckCatchesAMissingUpdate() {
        Rng rng = new Rng(1);
        int n = 2000;
        float[] p0 = Gaussians.normal(rng, n, 0.01);
        float[] g = Gaussians.normal(rng, n, 1e-3);
        INDArray p = Nd4j.createFromArray(p0);
        dev.descent.optim.Optimizer opt = dev.descent.optim.Optimizer.create(dev.descent.optim.Sgd.builder().lr(0.01)
                .momentum(0.9).weightDecay(1e-4).build(), Map.of("p", p));
        for (int i = 0; i < 5; i++) {
            opt.step(Map.of("p", Nd4j.createFromArray(g)));
        }
        UpdateWorkload.check(p, p0, g, false, 5);
        assertThrows(CheckFailedException.class, () -> UpdateWorkload.check(p, p0, g, false, 6));
        assertThrows(CheckFailedException.class, () -> UpdateWorkload.check(p, p0, g, true, 5));
    }

    @Test
    void w4aQuickEndsAtLrTimesUpdatesTimesSignOfTheGradient() {
        new AdamUpdateWorkload().run(true, out.metrics("W4A"));
        assertEquals(1.0, out.value("W4A", "ok"));
        assertTrue(out.value("W4A", "ms_per_update") > 0);
        assertTrue(out.value("W4A", "update_GBps") > 0);
    }

    @Test
    void w6QuickTrainsTheLenetLikeCnnOnTheLeanPath() {
        new LenetWorkload().run(true, out.metrics("W6"));
        assertTrue(out.value("W6", "samples_per_s") > 0);
        double loss = out.value("W6", "final_loss");
        // torch's peer ends its quick epoch (20 batches) on the initial plateau too: 2.298
        assertTrue(loss > 2.0 && loss < Math.log(10), "final loss " + loss);
    }

    @Test
    void w4aCheckCatchesAMissingUpdate() {
        int n = 2001;
        float[] g = AdamUpdateWorkload.linspace(n);
        assertEquals(-1f, g[0]);
        assertEquals(0f, g[1000]);
        assertEquals(1f, g[n - 1]);
        INDArray p = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, n);
        dev.descent.optim.Optimizer opt = dev.descent.optim.Optimizer.create(dev.descent.optim.Adam.of(1e-3),
                Map.of("p", p));
        for (int i = 0; i < 5; i++) {
            opt.step(Map.of("p", Nd4j.createFromArray(g)));
        }
        assertTrue(AdamUpdateWorkload.worstSignError(p, g, 5) < 1e-5);
        assertTrue(AdamUpdateWorkload.worstSignError(p, g, 6) > 9e-4);
    }

    @Test
    void benchCommandPrintsOnlyJsonLinesOnStdoutAndEndsWithPeakRss() {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = new picocli.CommandLine(new BenchCommand()).execute("--workloads", "w0", "--quick");
        } finally {
            System.setOut(saved);
        }
        assertEquals(0, code);
        String[] lines = captured.toString(StandardCharsets.UTF_8).trim().split("\\R");
        for (String l : lines) {
            assertTrue(l.matches("\\{\"impl\": \"ours\", \"workload\": \"[A-Z0-9]+\", \"metric\": \"[a-z0-9_]+\", "
                    + "\"value\": (null|-?[0-9.]+), \"unit\": \"[^\"]*\"}"), l);
        }
        assertTrue(lines[lines.length - 1].contains("\"workload\": \"W0\", \"metric\": \"peak_rss_mb\""));
        assertFalse(captured.toString(StandardCharsets.UTF_8).contains("\"error\""));
    }

    @Test
    void unknownWorkloadIsRejectedWithTheChoices() {
        BenchCommand c = new BenchCommand();
        c.workloads = java.util.List.of("W9");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c::call);
        assertTrue(e.getMessage().contains("W9") && e.getMessage().contains("W4"), e.getMessage());
    }
}

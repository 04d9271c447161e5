package dev.descent.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.ChildProcesses;
import dev.descent.ForksAProcess;
import dev.descent.data.Rng;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM trains and saves a checkpoint after every step, in a loop, and is killed
 * ({@code destroyForcibly}, i.e. SIGKILL) at a random moment. Whatever the moment, the checkpoint
 * on disk must load and be either the last one the child reported or the one it was writing.
 * 6 trials by default, 200 under {@code -Plong}; two children run at a time.
 */
@ForksAProcess
class KillTest {
    @TempDir
    Path dir;

    @Test
    void killedWhileSavingAlwaysLeavesTheOldOrTheNewCheckpoint() throws Exception {
        int trials = LongMode.pick(6, 200);
        Rng rng = new Rng(20240601);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < trials; i++) {
                int trial = i;
                long delay = rng.nextInt(300);
                results.add(pool.submit(() -> trial(trial, delay)));
            }
            List<String> failures = new ArrayList<>();
            for (Future<String> f : results) {
                String failure = f.get(10, TimeUnit.MINUTES);
                if (failure != null) {
                    failures.add(failure);
                }
            }
            assertEquals(List.of(), failures, "unloadable or unexpected checkpoints after kills");
        } finally {
            pool.shutdownNow();
        }
    }

    /** One kill; returns null when the surviving checkpoint is fine, else what is wrong. */
    private String trial(int trial, long delayMs) throws Exception {
        Path ckpt = dir.resolve("kill-" + trial + ".ckpt");
        Process p = ChildJvm.start(CheckpointChild.class, "loop", ckpt.toString(), String.valueOf(trial));
        AtomicLong lastReported = new AtomicLong(-1);
        CountDownLatch firstSave = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (line.startsWith("SAVED ")) {
                        lastReported.set(Long.parseLong(line.substring(6)));
                        firstSave.countDown();
                    }
                }
            } catch (Exception ignored) {
                // killed
            }
        });
        reader.start();
        try {
            if (!firstSave.await(120, TimeUnit.SECONDS)) {
                return "trial " + trial + ": the child never saved";
            }
            Thread.sleep(delayMs);
        } finally {
            ChildProcesses.destroy(p); // SIGKILL at the random moment; also when the wait above fails
            reader.join(10_000);
        }
        long reported = lastReported.get();
        try {
            ModelFile.SavedModel m = ModelFile.load(ckpt);
            long step = m.header().path("training").path("step").asLong(-1);
            if (step != reported && step != reported + 1) {
                return "trial " + trial + ": checkpoint holds step " + step + " but the child last reported " + reported;
            }
            assertTrue(m.parameters().size() == 4, "parameters missing");
            return null;
        } catch (RuntimeException e) {
            return "trial " + trial + " (killed " + delayMs + " ms after the first save, " + reported + " saves reported, files "
                    + Files.list(dir).toList() + "): " + e;
        }
    }
}

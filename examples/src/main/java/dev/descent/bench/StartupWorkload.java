package dev.descent.bench;

import dev.descent.compile.CompiledModel;
import dev.descent.data.Dataset;
import dev.descent.train.Trainer;
import java.lang.management.ManagementFactory;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * W5, start-up: in a fresh process, the time to the first completed W1 step. Our {@code main()} is
 * the command line's, before picocli; this measures from the JVM's own start time instead (a few tens
 * of ms earlier), so {@code main_to_first_step_ms} slightly overstates ours. With
 * {@code BENCH_LAUNCH_MS} set (the harness does) it also reports exec-to-first-step wall time, which
 * includes the {@code ./descent} launcher script.
 */
final class StartupWorkload {
    private StartupWorkload() {
    }

    static void run(Metrics out) {
        long startWallMs = ManagementFactory.getRuntimeMXBean().getStartTime();
        long benchNs = System.nanoTime();
        long benchWallMs = System.currentTimeMillis();
        long tInit0 = System.nanoTime();
        Nd4j.create(DataType.FLOAT, 1);   // loads the native backend
        long tInit1 = System.nanoTime();
        Dataset data = StepOverheadWorkload.data(2);
        CompiledModel model = StepOverheadWorkload.model();
        Trainer trainer = StepOverheadWorkload.trainer(model, 2);
        long tBuilt = System.nanoTime();
        trainer.step(data);
        model.parameters().get("w").getDouble(0);   // the step has completed
        long tStep1 = System.nanoTime();
        long wallAfterStep1 = System.currentTimeMillis();
        trainer.step(data);
        long tStep2 = System.nanoTime();
        double jvmToBench = benchWallMs - startWallMs;
        out.emit("main_to_first_step_ms", jvmToBench + (tStep1 - benchNs) / 1e6,
                "ms (from JVM start, which is before main)");
        out.emit("jvm_start_to_bench_ms", jvmToBench, "ms (JVM start -> bench command, incl. CLI parsing)");
        out.emit("nd4j_backend_init_ms", (tInit1 - tInit0) / 1e6, "ms");
        out.emit("graph_build_ms", (tBuilt - tInit1) / 1e6, "ms (data, graph, compile, trainer)");
        out.emit("first_step_ms", (tStep1 - tBuilt) / 1e6, "ms");
        out.emit("second_step_ms", (tStep2 - tStep1) / 1e6, "ms");
        String launch = System.getenv("BENCH_LAUNCH_MS");
        if (launch != null && !launch.isBlank()) {
            out.emit("launch_to_first_step_ms", wallAfterStep1 - Long.parseLong(launch.trim()),
                    "ms (process exec -> first step, wall clock)");
        }
        double w = model.parameters().get("w").getDouble(0);
        if (trainer.steps() != 2 || !(w > 0)) {
            throw new CheckFailedException("W5: after 2 steps w = " + w + " (steps " + trainer.steps()
                    + "); expected 2 steps moving w above 0");
        }
    }
}

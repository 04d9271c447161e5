package dev.descent.bench;

import dev.descent.compile.CompiledModel;
import dev.descent.data.Dataset;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How W3 and W6 time an epoch, as the peers do: warm up on a few batches, put the initial
 * parameters back, then time one epoch with a fresh trainer (its optimizer state starts empty).
 */
final class EpochTiming {
    private EpochTiming() {
    }

    /**
     * Emits {@code samples_per_s}, {@code epoch_s}, {@code final_loss} (by {@code loss}, after the
     * epoch) and the memory growth over the epoch, checks that the epoch ran every batch, and returns
     * the final loss.
     */
    static double timeOneEpoch(String id, CompiledModel model, Map<String, INDArray> init,
            Supplier<TrainingPlan.Builder> plan, int warmupBatches, Dataset data, int batch,
            ToDoubleFunction<CompiledModel> loss, Metrics out) {
        int n = data.size();
        Trainer.create(model, plan.get().steps(warmupBatches).build()).fit(data);
        model.setParameters(init);
        Trainer timed = Trainer.create(model, plan.get().epochs(1).build());
        Measured m = Measured.run(() -> timed.fit(data));
        double sec = m.nanos() / 1e9;
        double finalLoss = loss.applyAsDouble(model);
        out.emit("samples_per_s", n / sec, "samples/s");
        out.emit("epoch_s", sec, "s");
        out.emit("final_loss", finalLoss, "xent, full train set after 1 epoch");
        m.emitGrowth(out);
        long batches = (n + batch - 1) / batch;
        if (timed.steps() != batches) {
            throw new CheckFailedException(id + " ran " + timed.steps() + " batches, expected " + batches);
        }
        return finalLoss;
    }
}

package dev.descent.train;

import dev.descent.data.SamplerState;
import dev.descent.optim.OptimizerState;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Everything needed to resume a training run bit-identically: counters, parameter values,
 * optimizer state, the sampler's position (epoch permutation and offset, RNG state) and the
 * schedule's state. Arrays are deep copies.
 *
 * @param params        the values of the parameters and of the buffers (running statistics), by name
 * @param scheduleState the schedule's own state (e.g. reduce-on-plateau's counters), or null
 */
public record TrainingState(long step, long epoch, long totalSamples, double epochLossSum, long epochSamples,
        long epochSteps, Map<String, org.nd4j.linalg.api.ndarray.INDArray> params, OptimizerState optimizer,
        @Nullable SamplerState sampler, @Nullable Map<String, Double> scheduleState) {
    public TrainingState {
        params = Map.copyOf(params);
        scheduleState = scheduleState == null ? null : Map.copyOf(scheduleState);
    }
}

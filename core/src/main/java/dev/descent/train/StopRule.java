package dev.descent.train;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * Decides when training stops. Returns a reason to stop, or {@code null} to go on.
 *
 * <pre>{@code
 * StopRule.maxSteps(1000).or(StopRule.lossBelow(1e-4))
 * }</pre>
 */
@FunctionalInterface
public interface StopRule {

    @Nullable String check(TrainingStatus status);

    /** Whether the trainer must measure the parameter change each step (costs one pass over the parameters). */
    default boolean needsParamChange() {
        return false;
    }

    /** Stops when either rule does. */
    default StopRule or(StopRule other) {
        StopRule self = this;
        return new StopRule() {
            @Override
            public @Nullable String check(TrainingStatus s) {
                String r = self.check(s);
                return r != null ? r : other.check(s);
            }

            @Override
            public boolean needsParamChange() {
                return self.needsParamChange() || other.needsParamChange();
            }
        };
    }

    static StopRule maxSteps(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("Invalid maxSteps: " + n + " (must be >= 1)");
        }
        return s -> s.steps() >= n ? "reached max steps (" + n + ")" : null;
    }

    static StopRule maxEpochs(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("Invalid maxEpochs: " + n + " (must be >= 1)");
        }
        return s -> s.epochs() >= n ? "reached max epochs (" + n + ")" : null;
    }

    /** Stops once a step's loss is at or below {@code target}. */
    static StopRule lossBelow(double target) {
        if (!Double.isFinite(target)) {
            throw new IllegalArgumentException("Invalid loss target: " + target + " (must be a finite number)");
        }
        return s -> s.last().loss() <= target ? "loss " + s.last().loss() + " reached the target " + target : null;
    }

    /**
     * Spark MLlib's convergence test: stops when {@code ‖θ_t − θ_{t−1}‖ < tol · max(‖θ_t‖, 1)}.
     */
    static StopRule paramTolerance(double tol) {
        if (!(tol > 0) || Double.isInfinite(tol)) {
            throw new IllegalArgumentException("Invalid tolerance: " + tol + " (must be a finite number > 0, e.g. 1e-6)");
        }
        return new StopRule() {
            @Override
            public @Nullable String check(TrainingStatus s) {
                return s.paramChange() < tol ? "parameter change " + s.paramChange() + " below tolerance " + tol : null;
            }

            @Override
            public boolean needsParamChange() {
                return true;
            }
        };
    }

    /**
     * Stops when the epoch loss has not improved by more than {@code minDelta} for {@code patience}
     * consecutive epochs.
     */
    static StopRule plateau(int patience, double minDelta) {
        if (patience < 1) {
            throw new IllegalArgumentException("Invalid patience: " + patience + " (must be >= 1 epochs)");
        }
        if (!(minDelta >= 0) || Double.isInfinite(minDelta)) {
            throw new IllegalArgumentException("Invalid minDelta: " + minDelta + " (must be a finite number >= 0)");
        }
        Deque<Double> best = new ArrayDeque<>();
        int[] bad = {0};
        return s -> {
            if (!s.epochEnded() || s.lastEpoch() == null) {
                return null;
            }
            double loss = s.lastEpoch().meanLoss();
            if (best.isEmpty() || loss < best.peek() - minDelta) {
                best.clear();
                best.push(loss);
                bad[0] = 0;
                return null;
            }
            bad[0]++;
            return bad[0] >= patience ? "loss plateaued for " + patience + " epochs (best " + best.peek() + ")" : null;
        };
    }
}

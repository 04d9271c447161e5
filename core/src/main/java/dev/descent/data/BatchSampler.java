package dev.descent.data;

/**
 * Produces the sample indices of successive training steps, grouped into epochs. Stateful and not
 * thread-safe; create one per run with {@link Batching#sampler(int)}.
 *
 * <pre>{@code
 * BatchSampler s = Batching.miniBatch(32).seed(7).sampler(data.size());
 * for (int step = 0; step < 1000; step++) {
 *     int[] idx = s.next();
 *     if (s.endOfEpoch()) { ... }     // idx was the last batch of its epoch
 * }
 * SamplerState saved = s.state();    // later: s.restore(saved) continues identically
 * }</pre>
 */
public interface BatchSampler {

    /**
     * The indices of the next step's samples. The returned array may be an internal buffer that the
     * next call overwrites: use it before calling again, do not modify or keep it.
     */
    int[] next();

    /** The 0-based epoch that the next call to {@link #next()} belongs to. */
    long epoch();

    /** True iff the batch returned by the last {@link #next()} was the last of its epoch (false before any call). */
    boolean endOfEpoch();

    /** Number of {@link #next()} calls per epoch. */
    int stepsPerEpoch();

    /** An immutable snapshot of the position (and random state) for {@link #restore(SamplerState)}. */
    SamplerState state();

    /**
     * Repositions this sampler at {@code state}: the following batches equal those a sampler that was
     * never stopped would have returned.
     *
     * @throws IllegalArgumentException if {@code state} came from a different batching configuration
     *     or dataset size
     */
    void restore(SamplerState state);
}

package dev.descent.dsl;

import dev.descent.optim.UpdateRule;
import java.util.function.Function;

/**
 * What every optimizer spec shares: immutable torch keyword arguments, the options every rule has
 * ({@code weight_decay}, {@code maximize}), and the build through the rule registry, where torch's
 * rules validate them. Each spec adds its own options ({@link SgdSpec}, and the adaptive rules'
 * {@link AdaptiveRuleSpec}).
 *
 * @param <S> the spec, returned by every option so calls chain
 */
public abstract class TorchRuleSpec<S extends TorchRuleSpec<S>> implements OptimizerSpec {
    private final TorchKeywords kw;
    private final Function<TorchKeywords, S> withKeywords;

    /** @param withKeywords makes a spec of the same rule with other keyword arguments (the spec's constructor) */
    TorchRuleSpec(TorchKeywords kw, Function<TorchKeywords, S> withKeywords) {
        this.kw = kw;
        this.withKeywords = withKeywords;
    }

    /** A spec with one more keyword argument (torch's name). */
    final S set(String keyword, Object value) {
        return withKeywords.apply(kw.with(keyword, value));
    }

    /** L2 penalty (torch {@code weight_decay}, default 0 but AdamW's 1e-2; AdamW decouples it, the others add it to the gradient). */
    public S weightDecay(double value) {
        return set("weight_decay", value);
    }

    /** Gradient ascent: maximise the objective instead (torch {@code maximize=True}). */
    public S maximize() {
        return set("maximize", true);
    }

    /** The validated update rule; throws IllegalArgumentException (torch's message) for a setting torch would reject. */
    @Override
    public UpdateRule build() {
        return kw.build();
    }

    @Override
    public String toString() {
        return kw.toString();
    }
}

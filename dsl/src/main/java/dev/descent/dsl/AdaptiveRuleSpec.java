package dev.descent.dsl;

/**
 * What the adaptive rules' specs ({@link AdamSpec}, {@link RmsPropSpec}, {@link AdagradSpec},
 * {@link AdadeltaSpec}) add to {@link TorchRuleSpec}: the term added for numerical stability.
 *
 * @param <S> the spec, returned by every option so calls chain
 */
public abstract class AdaptiveRuleSpec<S extends AdaptiveRuleSpec<S>> extends TorchRuleSpec<S> {
    AdaptiveRuleSpec(TorchKeywords kw, java.util.function.Function<TorchKeywords, S> withKeywords) {
        super(kw, withKeywords);
    }

    /** The term added for numerical stability (torch {@code eps}; the default is the rule's torch default). */
    public S eps(double value) {
        return set("eps", value);
    }
}

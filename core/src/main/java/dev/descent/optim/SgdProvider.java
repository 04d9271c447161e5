package dev.descent.optim;

/** Registers {@link Sgd} as {@code "sgd"} with {@link UpdateRules}. */
public final class SgdProvider extends NamedRuleProvider {
    public SgdProvider() {
        super("sgd", Sgd::fromTorch);
    }
}

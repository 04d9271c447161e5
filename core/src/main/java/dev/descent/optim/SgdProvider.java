package dev.descent.optim;

/** Registers {@link Sgd} as {@code "sgd"} with {@link UpdateRules} (every keyword 0 or false unless given). */
public final class SgdProvider extends NamedRuleProvider {
    public SgdProvider() {
        super(Sgd.UNSET);
    }
}

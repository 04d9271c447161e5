package dev.descent.optim;

import java.util.Map;

/** Registers {@link Sgd} as {@code "sgd"} with {@link UpdateRules}. */
public final class SgdProvider implements UpdateRuleProvider {
    @Override
    public String name() {
        return "sgd";
    }

    @Override
    public UpdateRule create(Map<String, Object> hyperParameters) {
        return Sgd.fromTorch(hyperParameters);
    }
}

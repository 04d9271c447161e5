package dev.descent.optim;

import java.util.Map;

/**
 * A provider that claims the built-in name "sgd" (in another case): listed in no services file of
 * the build, only in the one {@code UpdateRulesLoadingTest} adds through a class loader.
 */
public final class ClashingSgdTestProvider implements UpdateRuleProvider {
    @Override
    public String name() {
        return "SGD";
    }

    @Override
    public UpdateRule create(Map<String, Object> hyperParameters) {
        return Sgd.builder().build();
    }
}

package org.example.lion;

import dev.descent.optim.UpdateRule;
import dev.descent.optim.UpdateRuleProvider;
import java.util.Map;

/**
 * Registers {@link Lion} as {@code "lion"}: listed in
 * {@code META-INF/services/dev.descent.optim.UpdateRuleProvider} (here in test resources, in a plug-in
 * jar in its resources), found by {@code UpdateRules} through {@link java.util.ServiceLoader}.
 */
public final class LionProvider implements UpdateRuleProvider {
    @Override
    public String name() {
        return "lion";
    }

    @Override
    public UpdateRule create(Map<String, Object> hyperParameters) {
        return Lion.DEFAULTS.withOverrides(hyperParameters);
    }
}

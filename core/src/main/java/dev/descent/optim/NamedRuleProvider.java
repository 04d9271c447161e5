package dev.descent.optim;

import java.util.Map;

/**
 * What each built-in rule registers: the rule with torch's defaults. Its {@link UpdateRule#name()}
 * is the registry name, and {@link #create} is {@link UpdateRule#withOverrides} of those defaults, so
 * a rule's name and its keyword handling are said once, in the rule. The subclasses exist only
 * because {@link java.util.ServiceLoader} instantiates providers by class name.
 */
abstract class NamedRuleProvider implements UpdateRuleProvider {
    private final UpdateRule defaults;

    NamedRuleProvider(UpdateRule defaults) {
        this.defaults = defaults;
    }

    @Override
    public final String name() {
        return defaults.name();
    }

    @Override
    public final UpdateRule create(Map<String, Object> hyperParameters) {
        return defaults.withOverrides(hyperParameters);
    }
}

package dev.descent.optim;

import java.util.Map;
import java.util.function.Function;

/**
 * What each built-in rule registers: its name and its torch-keyword factory. The subclasses exist
 * only because {@link java.util.ServiceLoader} instantiates providers by class name.
 */
abstract class NamedRuleProvider implements UpdateRuleProvider {
    private final String name;
    private final Function<Map<String, Object>, UpdateRule> factory;

    NamedRuleProvider(String name, Function<Map<String, Object>, UpdateRule> factory) {
        this.name = name;
        this.factory = factory;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final UpdateRule create(Map<String, Object> hyperParameters) {
        return factory.apply(hyperParameters);
    }
}

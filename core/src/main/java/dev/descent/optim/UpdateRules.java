package dev.descent.optim;

import dev.descent.DescentException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The update-rule registry: creates rules by name from torch keyword hyper-parameters.
 *
 * <p>Every rule, built-in or third-party, comes from an {@link UpdateRuleProvider} listed in a
 * {@code META-INF/services/dev.descent.optim.UpdateRuleProvider} file and found with
 * {@link ServiceLoader}; the built-ins ({@code sgd, adam, adamw, rmsprop, adagrad, adadelta}, each
 * with torch 1.13's exact update rule) are registered exactly like a plug-in would be. Providers are looked up on every call
 * (through the thread's context class loader and this library's own), so a plug-in added at run
 * time is seen. Names are case-insensitive.
 *
 * <pre>{@code
 * UpdateRule adam = UpdateRules.create("adam", Map.of("lr", 1e-3, "weight_decay", 1e-4));
 * }</pre>
 */
public final class UpdateRules {
    private UpdateRules() {
    }

    /**
     * A rule by registry name.
     *
     * @throws IllegalArgumentException for an unknown name (the message lists the known ones) or
     *                                  invalid hyper-parameters
     * @throws DescentException         when two different providers claim the same name
     */
    public static UpdateRule create(String name, Map<String, Object> hyperParameters) {
        Map<String, UpdateRuleProvider> all = providers();
        UpdateRuleProvider p = all.get(name.toLowerCase(Locale.ROOT));
        if (p == null) {
            throw new IllegalArgumentException("Unknown update rule '" + name + "'; known rules are " + all.keySet()
                    + ". A third-party rule must be registered in META-INF/services/"
                    + UpdateRuleProvider.class.getName());
        }
        return p.create(hyperParameters);
    }

    /** The registered names, lower-case and sorted. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(providers().keySet());
    }

    private static Map<String, UpdateRuleProvider> providers() {
        Map<String, UpdateRuleProvider> byName = new TreeMap<>();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        ClassLoader own = UpdateRules.class.getClassLoader();
        if (context != null) {
            collect(ServiceLoader.load(UpdateRuleProvider.class, context), byName);
        }
        if (own != context) {
            collect(ServiceLoader.load(UpdateRuleProvider.class, own), byName);
        }
        return byName;
    }

    private static void collect(ServiceLoader<UpdateRuleProvider> loader, Map<String, UpdateRuleProvider> byName) {
        try {
            for (UpdateRuleProvider p : loader) {
                String key = p.name().toLowerCase(Locale.ROOT);
                UpdateRuleProvider existing = byName.putIfAbsent(key, p);
                // The same provider class seen through two class loaders is one registration.
                if (existing != null && !existing.getClass().getName().equals(p.getClass().getName())) {
                    throw new DescentException("Two update-rule providers claim the name '" + key + "': "
                            + existing.getClass().getName() + " and " + p.getClass().getName()
                            + ". Remove one from META-INF/services or give it another name.");
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new DescentException("Could not load an update-rule provider listed in META-INF/services/"
                    + UpdateRuleProvider.class.getName() + ": " + e.getMessage()
                    + ". Each listed class must be public with a public no-argument constructor.", e);
        }
    }
}

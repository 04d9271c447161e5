package dev.descent.dsl;

import dev.descent.optim.UpdateRule;
import dev.descent.optim.UpdateRules;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the optimizer specs ({@link SgdSpec}, {@link AdamSpec}, {@link RmsPropSpec}, {@link AdagradSpec},
 * {@link AdadeltaSpec}) hold: a rule's registry name and its torch keyword arguments, immutable.
 * {@link #build()} goes through {@link UpdateRules#create}, the same way as {@link Descent#rule}
 * and a third-party rule, so torch's validation and defaults apply.
 */
final class TorchKeywords {
    private final String rule;
    private final Map<String, Object> kwargs;

    private TorchKeywords(String rule, Map<String, Object> kwargs) {
        this.rule = rule;
        this.kwargs = Collections.unmodifiableMap(kwargs);
    }

    static TorchKeywords of(String rule, double lr) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr);
        return new TorchKeywords(rule, m);
    }

    /** A copy with {@code key} set to {@code value}. */
    TorchKeywords with(String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(kwargs);
        m.put(key, value);
        return new TorchKeywords(rule, m);
    }

    UpdateRule build() {
        return UpdateRules.create(rule, kwargs);
    }

    @Override
    public String toString() {
        return rule + build().hyperParameters();
    }
}

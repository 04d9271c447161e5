package dev.descent.optim;

import java.util.Map;

/**
 * Creates update rules by name; register implementations in
 * {@code META-INF/services/dev.descent.optim.UpdateRuleProvider} and {@link UpdateRules} finds them.
 */
public interface UpdateRuleProvider {

    /** The name users ask for, e.g. {@code "sgd"}; case-insensitive. */
    String name();

    /** A rule from hyper-parameters given by torch's keyword names ({@code lr}, {@code momentum}...). */
    UpdateRule create(Map<String, Object> hyperParameters);
}

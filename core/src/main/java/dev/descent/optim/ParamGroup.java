package dev.descent.optim;

import java.util.List;
import java.util.Map;

/**
 * A parameter group, as in torch: the named parameters and the hyper-parameters (by torch name)
 * that override the optimizer's defaults for them.
 *
 * <pre>{@code
 * new ParamGroup(List.of("b"), Map.of("lr", 0.1, "momentum", 0.0))
 * }</pre>
 */
public record ParamGroup(List<String> params, Map<String, Object> overrides) {
    public ParamGroup {
        params = List.copyOf(params);
        overrides = Map.copyOf(overrides);
        if (params.isEmpty()) {
            throw new IllegalArgumentException("A parameter group needs at least one parameter name; got an empty list");
        }
    }
}

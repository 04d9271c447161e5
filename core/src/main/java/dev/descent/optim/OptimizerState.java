package dev.descent.optim;

import java.util.List;
import java.util.Map;

/**
 * A deep copy of an optimizer's state, like torch's {@code state_dict()}: per-parameter states and
 * each group's current learning rate. Restoring it makes training resume bit-identically.
 */
public record OptimizerState(Map<String, ParamState> states, List<Double> groupLrs) {
    public OptimizerState {
        states = Map.copyOf(states);
        groupLrs = List.copyOf(groupLrs);
    }
}

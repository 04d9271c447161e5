package dev.descent.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The stateful facade over an {@link UpdateRule}: parameter groups with their own hyper-parameters
 * and current learning rate (what torch's schedulers write to {@code group['lr']}), per-parameter
 * state, and state export/restore.
 *
 * <pre>{@code
 * Optimizer opt = Optimizer.create(Sgd.builder().lr(0.01).build(), model.parameters(),
 *         List.of(new ParamGroup(List.of("b"), Map.of("lr", 0.1))));
 * opt.step(model.gradients());
 * }</pre>
 */
public final class Optimizer {
    private final Map<String, INDArray> params;
    private final List<Group> groups = new ArrayList<>();
    private final Map<String, Group> groupOf = new LinkedHashMap<>();
    private final Map<String, ParamState> states = new LinkedHashMap<>();

    private static final class Group {
        final UpdateRule rule;
        final List<String> names;
        double lr;

        Group(UpdateRule rule, List<String> names) {
            this.rule = rule;
            this.names = names;
            this.lr = rule.lr();
        }
    }

    private Optimizer(UpdateRule defaults, Map<String, INDArray> params, List<ParamGroup> groupSpecs) {
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        Set<String> assigned = new LinkedHashSet<>();
        for (ParamGroup spec : groupSpecs) {
            for (String name : spec.params()) {
                if (!params.containsKey(name)) {
                    throw new IllegalArgumentException("Parameter group names '" + name + "', which is not a parameter of "
                            + "the model; its parameters are " + params.keySet());
                }
                if (!assigned.add(name)) {
                    throw new IllegalArgumentException("some parameters appear in more than one parameter group: '" + name
                            + "'. Fix: list each parameter in one group only.");
                }
            }
            groups.add(new Group(defaults.withOverrides(spec.overrides()), spec.params()));
        }
        List<String> rest = new ArrayList<>();
        for (String name : params.keySet()) {
            if (!assigned.contains(name)) {
                rest.add(name);
            }
        }
        if (!rest.isEmpty()) {
            groups.add(new Group(defaults, rest));
        }
        for (Group g : groups) {
            for (String name : g.names) {
                groupOf.put(name, g);
                states.put(name, g.rule.initState(params.get(name)));
            }
        }
    }

    /** One group holding every parameter. */
    public static Optimizer create(UpdateRule rule, Map<String, INDArray> params) {
        return new Optimizer(rule, params, List.of());
    }

    /**
     * Parameter groups with overrides; parameters named in no group form a last group with the
     * defaults.
     */
    public static Optimizer create(UpdateRule defaults, Map<String, INDArray> params, List<ParamGroup> groups) {
        return new Optimizer(defaults, params, groups);
    }

    /** Applies one update to every parameter from its gradient, in place. */
    public void step(Map<String, INDArray> grads) {
        for (Group g : groups) {
            for (String name : g.names) {
                INDArray grad = grads.get(name);
                if (grad == null) {
                    continue; // like torch: a parameter without a gradient is skipped
                }
                g.rule.apply(params.get(name), grad, states.get(name), g.lr);
            }
        }
    }

    public int groupCount() {
        return groups.size();
    }

    /** The current learning rate of group {@code i}. */
    public double lr(int group) {
        return groups.get(group).lr;
    }

    /** The base learning rate of group {@code i} (its rule's {@code lr}). */
    public double baseLr(int group) {
        return groups.get(group).rule.lr();
    }

    /** Sets group {@code i}'s current learning rate (what a schedule does). */
    public void setLr(int group, double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("Invalid learning rate: " + lr + " (group " + group
                    + "; a schedule must produce a finite number >= 0)");
        }
        groups.get(group).lr = lr;
    }

    /** The parameter names of group {@code i}. */
    public List<String> groupParams(int group) {
        return groups.get(group).names;
    }

    /** The rule of group {@code i} (defaults with the group's overrides). */
    public UpdateRule rule(int group) {
        return groups.get(group).rule;
    }

    /** The live state of one parameter. */
    public ParamState state(String param) {
        ParamState s = states.get(param);
        if (s == null) {
            throw new IllegalArgumentException("No parameter '" + param + "'; the optimizer holds " + states.keySet());
        }
        return s;
    }

    /** A deep copy of all state (like {@code state_dict()}). */
    public OptimizerState exportState() {
        Map<String, ParamState> copy = new LinkedHashMap<>();
        states.forEach((k, v) -> copy.put(k, v.copy()));
        List<Double> lrs = new ArrayList<>();
        for (Group g : groups) {
            lrs.add(g.lr);
        }
        return new OptimizerState(copy, lrs);
    }

    /** Restores state exported from an optimizer over the same parameters and groups. */
    public void restoreState(OptimizerState saved) {
        if (!saved.states().keySet().equals(states.keySet()) || saved.groupLrs().size() != groups.size()) {
            throw new IllegalArgumentException("Optimizer state does not match: it holds parameters "
                    + saved.states().keySet() + " in " + saved.groupLrs().size() + " groups, this optimizer has "
                    + states.keySet() + " in " + groups.size() + " groups");
        }
        for (Map.Entry<String, ParamState> e : saved.states().entrySet()) {
            ParamState live = states.get(e.getKey());
            ParamState src = e.getValue();
            for (Map.Entry<String, INDArray> b : src.buffers().entrySet()) {
                INDArray existing = live.buffer(b.getKey());
                if (existing != null && Arrays.equals(existing.shape(), b.getValue().shape())) {
                    existing.assign(b.getValue());
                } else {
                    live.putBuffer(b.getKey(), b.getValue().dup());
                }
            }
            live.setStep(src.step());
        }
        for (int i = 0; i < groups.size(); i++) {
            groups.get(i).lr = saved.groupLrs().get(i);
        }
    }

    /** The parameters this optimizer updates (live). */
    public Map<String, INDArray> params() {
        return params;
    }
}

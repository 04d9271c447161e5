package dev.descent.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A complete model declaration: named outputs (predictions) and a scalar loss, over the parameters
 * and inputs they reach. Validated when built: the loss must be a scalar and every parameter and
 * input name must be unique.
 *
 * <pre>{@code
 * ModelGraph g = ModelGraph.builder().output("pred", pred).loss(loss).build();
 * }</pre>
 */
public final class ModelGraph {
    private final Map<String, Expr> outputs;
    private final Expr loss;
    private final Map<String, Expr> params;
    private final Map<String, Expr> inputs;
    private final Map<String, Expr> buffers;
    private final List<Expr> runningStats;
    private final List<Expr> topoOrder;

    private ModelGraph(Map<String, Expr> outputs, Expr loss) {
        this.outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        this.loss = loss;
        List<Expr> roots = new ArrayList<>(outputs.values());
        roots.add(loss);
        this.topoOrder = topologicalOrder(roots);
        Map<String, Expr> ps = new LinkedHashMap<>();
        Map<String, Expr> ins = new LinkedHashMap<>();
        Map<String, Expr> bufs = new LinkedHashMap<>();
        List<Expr> stats = new ArrayList<>();
        for (Expr e : topoOrder) {
            if (e.op() == OpKind.PARAM) {
                putUnique(ps, ins, bufs, e, "parameter");
            } else if (e.op() == OpKind.INPUT) {
                putUnique(ins, ps, bufs, e, "input");
            } else if (e.op() == OpKind.BUFFER) {
                putUnique(bufs, ps, ins, e, "buffer");
            } else if (e.op() == OpKind.RUNNING_STAT) {
                if (stats.stream().anyMatch(r -> r.inputs().get(1) == e.inputs().get(1))) {
                    throw new ShapeException("The buffer '" + e.inputs().get(1).name() + "' is the running statistic of two"
                            + " expressions; each buffer can follow one. Fix: give each its own buffer.");
                }
                stats.add(e);
            }
        }
        this.params = Collections.unmodifiableMap(ps);
        this.inputs = Collections.unmodifiableMap(ins);
        this.buffers = Collections.unmodifiableMap(bufs);
        this.runningStats = List.copyOf(stats);
    }

    private static void putUnique(Map<String, Expr> into, Map<String, Expr> other, Map<String, Expr> third, Expr e,
            String what) {
        Expr prev = into.putIfAbsent(e.name(), e);
        if ((prev != null && prev != e) || other.containsKey(e.name()) || third.containsKey(e.name())) {
            throw new ShapeException("Duplicate name '" + e.name() + "': two different " + what
                    + "s (or a parameter, an input or a buffer) share it. Fix: give each parameter, input and buffer its own name.");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Named outputs, in declaration order. */
    public Map<String, Expr> outputs() {
        return outputs;
    }

    /** The scalar loss. */
    public Expr loss() {
        return loss;
    }

    /** Parameters in the order they are first reached (the order of {@code model.parameters()}). */
    public Map<String, Expr> params() {
        return params;
    }

    /** Inputs the outputs or the loss need. */
    public Map<String, Expr> inputs() {
        return inputs;
    }

    /** Buffers (state that is not trained, such as running statistics), in the order they are first reached. */
    public Map<String, Expr> buffers() {
        return buffers;
    }

    /**
     * The {@link OpKind#RUNNING_STAT} nodes: each moves its buffer after every training step
     * (see {@link Ops#runningStat}). Empty when the model behaves alike in training and evaluation.
     */
    public List<Expr> runningStats() {
        return runningStats;
    }

    /** Every node reachable from the outputs and the loss, operands before their users. */
    public List<Expr> topologicalOrder() {
        return topoOrder;
    }

    /** The inputs needed to compute the given output (without the loss's targets). */
    public Set<String> inputsOf(Expr root) {
        Set<String> names = new java.util.LinkedHashSet<>();
        for (Expr e : topologicalOrder(List.of(root))) {
            if (e.op() == OpKind.INPUT) {
                names.add(e.name());
            }
        }
        return names;
    }

    static List<Expr> topologicalOrder(List<Expr> roots) {
        List<Expr> order = new ArrayList<>();
        Map<Expr, Boolean> done = new IdentityHashMap<>();
        Deque<Object[]> stack = new ArrayDeque<>();
        for (Expr root : roots) {
            stack.push(new Object[] {root, 0});
            while (!stack.isEmpty()) {
                Object[] frame = stack.peek();
                Expr e = (Expr) frame[0];
                int next = (Integer) frame[1];
                if (done.containsKey(e)) {
                    stack.pop();
                    continue;
                }
                if (next < e.inputs().size()) {
                    frame[1] = next + 1;
                    Expr child = e.inputs().get(next);
                    if (!done.containsKey(child)) {
                        stack.push(new Object[] {child, 0});
                    }
                } else {
                    stack.pop();
                    done.put(e, Boolean.TRUE);
                    order.add(e);
                }
            }
        }
        return Collections.unmodifiableList(order);
    }

    /** Collects outputs and the loss; {@link #build()} validates. */
    public static final class Builder {
        private final Map<String, Expr> outputs = new LinkedHashMap<>();
        private Expr loss;

        private Builder() {
        }

        public Builder output(String name, Expr expr) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(expr, "expr");
            if (outputs.containsKey(name)) {
                throw new ShapeException("Duplicate output name '" + name + "'. Fix: give each output its own name.");
            }
            outputs.put(name, expr);
            return this;
        }

        public Builder loss(Expr loss) {
            this.loss = Objects.requireNonNull(loss, "loss");
            return this;
        }

        public ModelGraph build() {
            if (loss == null) {
                throw new ShapeException("A model needs a loss: call loss(expr) with a scalar expression (e.g. a mean squared error)");
            }
            if (!loss.shape().isScalar()) {
                throw new ShapeException("The loss " + loss.name() + " must be a scalar, but its shape is " + loss.shape()
                        + ". Fix: reduce it with mean(...) or sum(...).");
            }
            return new ModelGraph(outputs, loss);
        }
    }
}

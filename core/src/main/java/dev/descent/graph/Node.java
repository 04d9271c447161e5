package dev.descent.graph;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** The one implementation of {@link Expr}: immutable, built only through {@link Ops}. */
final class Node implements Expr {
    private static final AtomicLong IDS = new AtomicLong();

    private final OpKind op;
    private final List<Expr> inputs;
    private final Map<String, Object> attrs;
    private final Shape shape;
    private final String name;
    private final long id = IDS.incrementAndGet();

    Node(OpKind op, List<Expr> inputs, Map<String, Object> attrs, Shape shape, String name) {
        this.op = op;
        this.inputs = List.copyOf(inputs);
        this.attrs = Map.copyOf(attrs);
        this.shape = shape;
        this.name = name;
    }

    @Override
    public OpKind op() {
        return op;
    }

    @Override
    public List<Expr> inputs() {
        return inputs;
    }

    @Override
    public Map<String, Object> attrs() {
        return attrs;
    }

    @Override
    public Shape shape() {
        return shape;
    }

    @Override
    public String name() {
        return name;
    }

    /** Creation order; gives compiled graphs stable, readable variable names. */
    long id() {
        return id;
    }

    @Override
    public String toString() {
        return name + shape;
    }
}

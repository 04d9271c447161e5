package dev.descent.serve;

import dev.descent.DescentException;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link Predictor} over immutable snapshots. A snapshot owns a private copy of the parameters and
 * a pool of compiled graphs built from it on demand (SameDiff instances are not thread-safe, so a
 * request borrows one exclusively). Swapping publishes a new snapshot; the old one is retired and
 * its graphs are closed once its last request has returned them.
 */
final class PooledPredictor implements Predictor {
    private final int instances;
    private final Object lock = new Object();
    private Snapshot current;
    private boolean closed;
    private long versions;

    PooledPredictor(ModelGraph graph, Map<String, INDArray> params, int instances) {
        if (instances < 1) {
            throw new IllegalArgumentException("Invalid instances: " + instances
                    + " (must be >= 1: the number of requests computed in parallel, e.g. the number of cores)");
        }
        this.instances = instances;
        this.current = new Snapshot(++versions, graph, copyParams(graph, params));
    }

    @Override
    public Prediction predict(Map<String, INDArray> inputs) {
        Objects.requireNonNull(inputs, "inputs");
        Snapshot s;
        synchronized (lock) {
            if (closed) {
                throw new DescentException("This predictor is closed; create a new one to serve requests.");
            }
            s = current;
            s.users++;
        }
        try {
            return s.run(inputs);
        } finally {
            s.release();
        }
    }

    @Override
    public long swap(Map<String, INDArray> params) {
        ModelGraph graph;
        synchronized (lock) {
            graph = current.graph;
        }
        return swap(graph, params);
    }

    @Override
    public long swap(ModelGraph graph, Map<String, INDArray> params) {
        // copy (and validate) outside the lock: a slow copy must not hold up requests
        Map<String, INDArray> copy = copyParams(graph, params);
        Snapshot old;
        Snapshot next;
        synchronized (lock) {
            if (closed) {
                throw new DescentException("This predictor is closed; cannot swap in a new model.");
            }
            old = current;
            next = new Snapshot(++versions, graph, copy);
            current = next;
        }
        old.retire();
        return next.version;
    }

    @Override
    public long version() {
        synchronized (lock) {
            return current.version;
        }
    }

    @Override
    public Map<String, String> inputs() {
        ModelGraph g;
        synchronized (lock) {
            g = current.graph;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String out0 : g.outputs().keySet()) {
            for (String in : g.inputsOf(g.outputs().get(out0))) {
                out.put(in, g.inputs().get(in).shape().toString());
            }
        }
        return out;
    }

    @Override
    public List<String> outputNames() {
        synchronized (lock) {
            return current.outputs;
        }
    }

    @Override
    public void close() {
        Snapshot last;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            last = current;
        }
        last.retire();
    }

    private static Map<String, INDArray> copyParams(ModelGraph graph, Map<String, INDArray> params) {
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(params, "params");
        for (String name : params.keySet()) {
            if (!graph.params().containsKey(name)) {
                throw new IllegalArgumentException("Unknown parameter '" + name + "': the model's parameters are "
                        + graph.params().keySet() + ". Fix: pass the parameters of this model.");
            }
        }
        Map<String, INDArray> copy = new LinkedHashMap<>();
        for (Map.Entry<String, Expr> e : graph.params().entrySet()) {
            INDArray v = params.get(e.getKey());
            if (v == null) {
                continue; // keeps the graph's own initial value
            }
            long[] declared = e.getValue().shape().dims();
            if (!Arrays.equals(declared, v.shape())) {
                throw new IllegalArgumentException("Parameter '" + e.getKey() + "' has shape " + Arrays.toString(v.shape())
                        + " but the model declares " + e.getValue().shape() + ". Fix: pass values of the declared shape.");
            }
            copy.put(e.getKey(), v.castTo(DataType.FLOAT).dup());
        }
        return copy;
    }

    /** One immutable model version and its pool of compiled graphs. Guarded by its own monitor. */
    private final class Snapshot {
        final long version;
        final ModelGraph graph;
        final Map<String, INDArray> params;
        final List<String> outputs;
        private final Deque<CompiledModel> idle = new ArrayDeque<>();
        private int created;
        /** Requests that hold (or are about to take) a reference; guarded by the predictor's lock. */
        int users;
        private boolean retired;

        Snapshot(long version, ModelGraph graph, Map<String, INDArray> params) {
            this.version = version;
            this.graph = graph;
            this.params = params;
            this.outputs = List.copyOf(graph.outputs().keySet());
        }

        Prediction run(Map<String, INDArray> inputs) {
            CompiledModel m = borrow();
            try {
                return new Prediction(version, m.output(inputs, outputs));
            } finally {
                giveBack(m);
            }
        }

        private CompiledModel borrow() {
            synchronized (this) {
                while (idle.isEmpty() && created >= instances) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new DescentException("Interrupted while waiting for a free model instance", e);
                    }
                }
                if (!idle.isEmpty()) {
                    return idle.pop();
                }
                created++;
            }
            // compile outside the monitor: it is slow, and other instances may be returned meanwhile
            try {
                CompiledModel m = GraphCompiler.compile(graph);
                m.setParameters(params);
                return m;
            } catch (RuntimeException e) {
                synchronized (this) {
                    created--;
                    notifyAll();
                }
                throw e;
            }
        }

        private void giveBack(CompiledModel m) {
            synchronized (this) {
                idle.push(m);
                notifyAll();
            }
        }

        /** Called after a request; the last one out of a retired snapshot frees it. */
        void release() {
            boolean free;
            synchronized (lock) {
                users--;
                free = retired && users == 0;
            }
            if (free) {
                freeAll();
            }
        }

        void retire() {
            boolean free;
            synchronized (lock) {
                retired = true;
                free = users == 0;
            }
            if (free) {
                freeAll();
            }
        }

        private void freeAll() {
            List<CompiledModel> all;
            synchronized (this) {
                all = new ArrayList<>(idle);
                idle.clear();
            }
            for (CompiledModel m : all) {
                m.close();
            }
        }

        @Override
        public String toString() {
            return "Snapshot[v" + version + "]";
        }
    }

    @Override
    public String toString() {
        @Nullable Snapshot s;
        synchronized (lock) {
            s = current;
        }
        return "Predictor[version " + s.version + ", up to " + instances + " parallel requests]";
    }
}

package dev.descent.compile;

import dev.descent.DescentException;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A {@link CompiledModel} backed by one SameDiff instance with its gradient function. */
final class SameDiffModel implements CompiledModel {
    private final ModelGraph graph;
    private final SameDiff sd;
    private final String lossName;
    private final Map<String, String> outputNames = new LinkedHashMap<>();
    private final Map<String, INDArray> params = new LinkedHashMap<>();
    private final Map<String, INDArray> grads = new LinkedHashMap<>();
    private final List<String> paramNames;
    private final List<String> lossInputs;
    private final FeedValidator validator;
    /** Live buffer arrays (running statistics), fed to their placeholders; empty for most models. */
    private final Map<String, INDArray> buffers = new LinkedHashMap<>();
    private final RunningStats running;
    /** Runs training steps without SameDiff's session; null when the graph needs the session. */
    private final @Nullable LeanExecutor lean;
    private boolean closed;

    private SameDiffModel(ModelGraph graph, boolean allowLean) {
        this.graph = graph;
        this.sd = SameDiff.create();
        Map<Expr, SDVariable> vars = Lowering.lower(sd, graph);
        SDVariable loss = vars.get(graph.loss());
        this.lossName = loss.name();
        sd.setLossVariables(lossName);
        graph.outputs().forEach((name, e) -> outputNames.put(name, vars.get(e).name()));
        for (String p : graph.params().keySet()) {
            INDArray arr = sd.getVariable(p).getArr();
            params.put(p, arr);
            grads.put(p, arr.ulike().assign(0));
        }
        this.paramNames = List.copyOf(params.keySet());
        this.lossInputs = List.copyOf(graph.inputsOf(graph.loss()));
        this.validator = new FeedValidator(graph);
        graph.buffers().forEach((name, e) -> buffers.put(name, ((INDArray) e.attrs().get(dev.descent.graph.Ops.INIT)).dup()));
        this.running = new RunningStats(graph, vars, buffers);
        TensorflowOpDefs.preload();
        QuietStdout.call(() -> {
            sd.createGradFunction();
            return null;
        });
        this.lean = allowLean ? LeanExecutor.tryCreate(sd, lossName, paramNames, grads, running.outputNames()) : null;
    }

    static SameDiffModel build(ModelGraph graph) {
        return build(graph, true);
    }

    /** {@code allowLean = false} keeps SameDiff's own execution path (the reference the lean path is tested against). */
    static SameDiffModel build(ModelGraph graph, boolean allowLean) {
        if (graph.params().isEmpty()) {
            throw new DescentException("The model has no parameters: nothing to train. Fix: declare at least one Ops.param(...)"
                    + " that the loss depends on.");
        }
        return new SameDiffModel(graph, allowLean);
    }

    /** The lean executor, or null when SameDiff's session runs the steps (for tests). */
    @Nullable LeanExecutor leanExecutor() {
        return lean;
    }

    /** Whether training steps bypass SameDiff's session (false when the graph holds an op the lean path does not run). */
    boolean usesLeanExecutor() {
        return lean != null;
    }

    /** The lean executor's native op names, in order (empty without a lean executor). */
    java.util.List<String> leanOpNames() {
        return lean == null ? java.util.List.of() : lean.opNames();
    }

    /** Input-shape plans the lean executor holds (0 without one). */
    int leanPlanCount() {
        return lean == null ? 0 : lean.planCount();
    }

    @Override
    public List<String> parameterNames() {
        return paramNames;
    }

    @Override
    public Map<String, INDArray> parameters() {
        return Collections.unmodifiableMap(params);
    }

    @Override
    public Map<String, INDArray> gradients() {
        return Collections.unmodifiableMap(grads);
    }

    @Override
    public List<String> inputNames() {
        return lossInputs;
    }

    @Override
    public synchronized double computeGradients(Map<String, INDArray> batch) {
        ensureOpen();
        Map<String, INDArray> feed = running.feed(validator.prepare(batch, lossInputs), true);
        if (lean != null) {
            double loss = lean.run(feed);
            running.update(lean::extraOutput, feed);
            return loss;
        }
        List<String> outs = new ArrayList<>(List.of(lossName));
        outs.addAll(running.outputNames());
        OutAndGrad r = QuietStdout.call(() -> sd.calculateGradientsAndOutputs(feed, outs, paramNames));
        running.update(i -> r.getOutputs().get(outs.get(i + 1)), feed);
        for (String p : paramNames) {
            INDArray g = r.getGradients().get(p);
            INDArray target = grads.get(p);
            if (g == null) {
                // the loss does not depend on this parameter along any differentiable path
                target.assign(0);
            } else {
                target.assign(g.reshape(target.shape()));
            }
        }
        return r.getOutputs().get(lossName).getDouble(0);
    }

    @Override
    public synchronized double loss(Map<String, INDArray> batch) {
        ensureOpen();
        Map<String, INDArray> feed = running.feed(validator.prepare(batch, lossInputs), false);
        return sd.output(feed, lossName).get(lossName).getDouble(0);
    }

    @Override
    public synchronized Map<String, INDArray> output(Map<String, INDArray> batch, List<String> names) {
        ensureOpen();
        List<String> internal = new ArrayList<>();
        java.util.Set<String> needed = new java.util.LinkedHashSet<>();
        for (String n : names) {
            String v = outputNames.get(n);
            if (v == null) {
                throw new DescentException("Unknown output '" + n + "': the model's outputs are " + outputNames.keySet()
                        + ". Fix: use one of those names.");
            }
            internal.add(v);
            needed.addAll(graph.inputsOf(graph.outputs().get(n)));
        }
        Map<String, INDArray> feed = running.feed(validator.prepare(batch, needed), false);
        Map<String, INDArray> raw = sd.output(feed, internal.toArray(new String[0]));
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i), raw.get(internal.get(i)).dup());
        }
        return out;
    }

    @Override
    public synchronized void setParameters(Map<String, INDArray> values) {
        ensureOpen();
        CompiledModel.assignAll("parameter", params, values);
    }

    @Override
    public Map<String, INDArray> buffers() {
        return Collections.unmodifiableMap(buffers);
    }

    @Override
    public synchronized void setBuffers(Map<String, INDArray> values) {
        ensureOpen();
        CompiledModel.assignAll("buffer", buffers, values);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (lean != null) {
                lean.close();
            }
            for (INDArray g : grads.values()) {
                g.close();
            }
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new DescentException("This compiled model has been closed; compile the model again to use it.");
        }
    }
}

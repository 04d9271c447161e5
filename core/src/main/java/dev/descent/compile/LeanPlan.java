package dev.descent.compile;

import dev.descent.DescentException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.BaseOp;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.api.ops.executioner.OpExecutioner;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;

/**
 * An {@link OpOrder} bound to arrays for one set of placeholder shapes: one OpContext per op
 * with its inputs, outputs and arguments set once, and every intermediate array allocated once
 * and overwritten by each step. A step then only rebinds the fed arrays and runs the ops.
 *
 * <p>Binding mirrors what SameDiff's InferenceSession does per op and per step (output shapes from
 * the op's shape function given the bound inputs; output dtype from the variable for custom ops;
 * at most two inputs for legacy ops), so the same native kernels see the same arrays.
 */
final class LeanPlan {
    private final OpOrder order;
    final long[][] feedShapes;
    private final OpContext[] contexts;
    /** libnd4j's entry points while a run may call it directly ({@link DirectCall}), else null. */
    private @Nullable NativeOps directOps;
    /** Whether this plan runs on the {@link dev.descent.ExecutionPath#FAST} path (Java kernels, direct calls). */
    private final boolean hostPath;
    /** Per custom op: its native hash, looked up once ({@link DirectCall}). */
    private final long[] opHashes;
    /** Per op: the kernel that replaces its native call (see {@link StepKernels}), or null. */
    private final @Nullable StepKernel[] kernels;
    /** Per op: the fused kernel that runs in its place (a {@link Fusion}'s anchor), or null. */
    private final @Nullable StepKernel[] fused;
    private final List<Fusion.Kind> fusedKinds = new ArrayList<>();
    /** Ops a fused kernel made redundant. */
    private final boolean[] skipped;
    /** (step, kernel input index, placeholder index) triples: fed arrays of fused kernels. */
    private final int[] fusedFeedBindings;
    private final INDArray[] values;
    /** (step, input index, placeholder index) triples: where fed arrays go each step. */
    private final int[] feedBindings;
    /** Arrays this plan allocated (closed on {@link #close}); never the model's or the graph's own. */
    private final List<INDArray> owned = new ArrayList<>();
    /** Gradient slots whose op writes straight into the model's gradient array. */
    final boolean[] gradBound;

    /**
     * Binds the order for the shapes of {@code feeds} and runs it once on them, op by op (shapes
     * are computed after each op's inputs exist, as InferenceSession does), so the new plan's
     * results are already those of this step; when fused kernels bound after that run, the step
     * runs again through them, so its results are exactly those of a cached plan's {@link #run}.
     */
    LeanPlan(OpOrder order, INDArray[] feeds, INDArray[] gradTargets) {
        this.order = order;
        this.feedShapes = shapesOf(feeds);
        List<OpOrder.Step> steps = order.steps;
        this.contexts = new OpContext[steps.size()];
        this.opHashes = new long[steps.size()];
        this.kernels = new StepKernel[steps.size()];
        this.values = new INDArray[order.slotCount];
        this.gradBound = new boolean[gradTargets.length];
        for (int i = 0; i < order.slotCount; i++) {
            if (order.fixed[i] != null) {
                values[i] = order.fixed[i];
            }
        }
        System.arraycopy(feeds, 0, values, 0, feeds.length);
        List<Integer> bindings = new ArrayList<>();
        OpExecutioner ex = Nd4j.getExecutioner();
        // decided once per plan: a plan never mixes the two paths
        this.hostPath = dev.descent.ExecutionPath.hostBuffers();
        boolean javaKernels = hostPath && StepKernels.enabled();
        for (int s = 0; s < steps.size(); s++) {
            OpOrder.Step step = steps.get(s);
            OpContext oc = ex.buildContext();
            contexts[s] = oc;
            int nIn = step.kind() == OpOrder.Kind.CUSTOM ? step.inputs().length : Math.min(2, step.inputs().length);
            INDArray[] in = new INDArray[nIn];
            boolean[] fed = new boolean[nIn];
            for (int i = 0; i < nIn; i++) {
                in[i] = values[step.inputs()[i]];
                fed[i] = step.inputs()[i] < feeds.length;
                if (in[i] == null) {
                    throw new IllegalStateException("lean op order: input " + i + " of " + step.op().getOwnName() + " not ready");
                }
                if (step.inputs()[i] < feeds.length) {
                    bindings.add(s);
                    bindings.add(i);
                    bindings.add(step.inputs()[i]);
                }
            }
            List<LongShapeDescriptor> shapes;
            if (step.kind() == OpOrder.Kind.CUSTOM) {
                DynamicCustomOp op = (DynamicCustomOp) step.op();
                opHashes[s] = op.opHash();
                oc.setArgs(in, op.iArgs(), op.dArgs(), op.tArgs(), op.bArgs());
                shapes = op.calculateOutputShape(oc);
            } else {
                for (int i = 0; i < nIn; i++) {
                    oc.setInputArray(i, in[i]);
                }
                shapes = ((BaseOp) step.op()).calculateOutputShape(oc);
            }
            if (shapes == null || shapes.size() != step.outputs().length) {
                throw new DescentException("Could not compute the output shapes of op '" + step.op().getOwnName() + "' ("
                        + step.op().opName() + ") for input shapes " + describe(feedShapes) + ".");
            }
            INDArray[] outs = new INDArray[shapes.size()];
            for (int o = 0; o < shapes.size(); o++) {
                LongShapeDescriptor d = shapes.get(o);
                if (step.kind() == OpOrder.Kind.CUSTOM && d.dataType() != step.outputTypes()[o]) {
                    d = d.asDataType(step.outputTypes()[o]); // as InferenceSession: the variable's dtype wins
                }
                int slot = step.outputs()[o];
                INDArray out = gradTarget(slot, d, gradTargets);
                if (out == null) {
                    out = allocate(d);
                    owned.add(out);
                }
                values[slot] = out;
                outs[o] = out;
                oc.setOutputArray(o, out);
            }
            if (step.kind() == OpOrder.Kind.CUSTOM && javaKernels) {
                StepKernel k = StepKernels.bind((DynamicCustomOp) step.op(), in, outs, fed);
                kernels[s] = k;
                if (k instanceof BiasAddGradKernel bias && aliasable(step.outputs()[0])) {
                    // da = dy exactly: later ops read dy's array, and the copy (and da's array) go
                    bias.aliasInputGradient();
                    INDArray unused = values[step.outputs()[0]];
                    values[step.outputs()[0]] = in[2];
                    if (owned.remove(unused) && unused.closeable()) {
                        unused.close();
                    }
                }
            }
            if (step.kind() != OpOrder.Kind.CUSTOM && javaKernels) {
                kernels[s] = StepKernels.bindLegacy((Op) step.op(), in, outs, fed);
            }
            // run it now: a later op's output shape may depend on this op's values (reshape to shape_of(x))
            exec(ex, s, oc);
        }
        this.feedBindings = bindings.stream().mapToInt(Integer::intValue).toArray();
        this.fused = new StepKernel[steps.size()];
        this.skipped = new boolean[steps.size()];
        List<Integer> fusedBindings = new ArrayList<>();
        if (javaKernels) {
            for (Fusion f : order.fusions) {
                bindFusion(f, feeds.length, fusedBindings);
            }
        }
        this.fusedFeedBindings = fusedBindings.stream().mapToInt(Integer::intValue).toArray();
        if (!fusedKinds.isEmpty()) {
            // the step above ran the graph's own ops, which round differently from the fused kernels every
            // later step runs: run it again as they do, so a step's result never depends on whether its
            // shapes' plan was cached (a restarted run, another executor, must give the same bits)
            run(feeds);
        }
        Arrays.fill(values, 0, feeds.length, null); // fed arrays are rebound each step, never kept
    }

    /**
     * A fresh array for an op's output. Not {@code Nd4j.create(descriptor)}: a shape function may
     * copy an input's strides (e.g. a fed batch that is a strided view), and an array allocated
     * with those strides but a buffer of only {@code length} elements is written out of bounds.
     */
    private static INDArray allocate(LongShapeDescriptor d) {
        if (d.isEmpty() || d.getShape().length == 0) {
            return Nd4j.create(d, true);
        }
        return Nd4j.create(d.dataType(), d.getShape(), d.getOrder() == 'f' ? 'f' : 'c');
    }

    /** Whether readers of {@code slot} may be given another array with its values: not the loss, not a gradient. */
    private boolean aliasable(int slot) {
        if (slot == order.lossSlot) {
            return false;
        }
        for (int g : OpOrder.keptSlots(order.gradSlots, order.extraSlots)) {
            if (g == slot) {
                return false;
            }
        }
        return true;
    }

    /** Uses {@code f}'s kernels in this plan if they take the bound arrays (the ops already ran once on them). */
    private void bindFusion(Fusion f, int feedCount, List<Integer> fusedBindings) {
        for (int a : f.anchors()) {
            if (fused[a] != null || skipped[a]) {
                return; // overlaps a fusion already taken
            }
        }
        for (int r : f.removed()) {
            if (skipped[r] || fused[r] != null) {
                return;
            }
        }
        INDArray[] in = new INDArray[f.inputs().length];
        for (int i = 0; i < in.length; i++) {
            in[i] = values[f.inputs()[i]];
        }
        INDArray[] out = new INDArray[f.outputs().length];
        for (int o = 0; o < out.length; o++) {
            out[o] = values[f.outputs()[o]];
        }
        StepKernel[] k = switch (f.kind()) {
            case SQUARED_ERROR_MEAN -> {
                StepKernel one = SquaredErrorMeanKernel.tryBind(in, out);
                yield one == null ? null : new StepKernel[] {one};
            }
            case BIASED_SQUARED_ERROR_MEAN -> {
                StepKernel one = SquaredErrorMeanKernel.tryBindBiased(in, out);
                yield one == null ? null : new StepKernel[] {one};
            }
            case CROSS_ENTROPY_INDICES, CROSS_ENTROPY_WEIGHTS -> {
                StepKernel one = CrossEntropyKernel.tryBind(in, out, f.kind() == Fusion.Kind.CROSS_ENTROPY_INDICES,
                        f.inputs()[0] < feedCount);
                yield one == null ? null : new StepKernel[] {one};
            }
            case LOG_SOFTMAX -> {
                int axis = (int) ((DynamicCustomOp) order.steps.get(f.anchors()[0]).op()).iArgs()[0];
                yield LogSoftmaxKernels.tryBind(axis, in, out, f.inputs()[0] < feedCount);
            }
        };
        if (k == null) {
            return;
        }
        for (int i = 0; i < k.length; i++) {
            fused[f.anchors()[i]] = k[i];
        }
        for (int r : f.removed()) {
            skipped[r] = true;
        }
        for (int i = 0; i < in.length; i++) {
            if (f.inputs()[i] < feedCount) {
                // fed inputs go to the first kernel (the only one of the fusions that take fed inputs)
                fusedBindings.add(f.anchors()[0]);
                fusedBindings.add(i);
                fusedBindings.add(f.inputs()[i]);
            }
        }
        fusedKinds.add(f.kind());
    }

    /** The kinds of the fusions this plan runs through kernels of ours, in binding order (for tests). */
    List<Fusion.Kind> fusedKinds() {
        return List.copyOf(fusedKinds);
    }

    /** How many fusions this plan runs through kernels of ours (for tests). */
    int fusedCount() {
        return fusedKinds.size();
    }

    /** How many ops this plan runs through a {@link StepKernel} of their own (for tests). */
    /** Whether the last step called libnd4j directly (only ever on the fast path). */
    boolean calledDirectly() {
        return directOps != null;
    }

    int kernelCount() {
        int c = 0;
        for (int s = 0; s < kernels.length; s++) {
            c += kernels[s] == null || skipped[s] ? 0 : 1;
        }
        return c;
    }

    /** The model's gradient array when {@code slot} is a gradient of exactly its shape; else null. */
    private @Nullable INDArray gradTarget(int slot, LongShapeDescriptor d, INDArray[] gradTargets) {
        for (int p = 0; p < gradTargets.length; p++) {
            INDArray t = gradTargets[p];
            if (order.gradSlots[p] == slot && !gradBound[p] && t.dataType() == d.dataType() && !d.isEmpty()
                    && Arrays.equals(t.shape(), d.getShape()) && t.ordering() == d.getOrder()) {
                gradBound[p] = true;
                return t;
            }
        }
        return null;
    }

    boolean accepts(INDArray[] feeds) {
        for (int i = 0; i < feeds.length; i++) {
            if (!Arrays.equals(feedShapes[i], feeds[i].shape())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs every op once on {@code feeds} (same shapes as this plan's). Assumes, as the ops our
     * lowering emits satisfy, that output shapes depend on input shapes only (shape-derived
     * integer inputs included), never on the values of the data.
     */
    void run(INDArray[] feeds) {
        for (int i = 0; i < feedBindings.length; i += 3) {
            int s = feedBindings[i];
            INDArray feed = feeds[feedBindings[i + 2]];
            contexts[s].setInputArray(feedBindings[i + 1], feed);
            StepKernel k = kernels[s];
            if (k != null) {
                k.rebind(feedBindings[i + 1], feed);
            }
        }
        for (int i = 0; i < fusedFeedBindings.length; i += 3) {
            StepKernel k = fused[fusedFeedBindings[i]];
            if (k != null) {
                k.rebind(fusedFeedBindings[i + 1], feeds[fusedFeedBindings[i + 2]]);
            }
        }
        OpExecutioner ex = Nd4j.getExecutioner();
        directOps = hostPath && DirectCall.usable(feeds) ? DirectCall.OPS : null;
        for (int s = 0; s < contexts.length; s++) {
            if (!skipped[s]) {
                exec(ex, s, contexts[s]);
            }
        }
    }

    private void exec(OpExecutioner ex, int s, OpContext oc) {
        StepKernel f = fused == null ? null : fused[s];
        if (f != null) {
            f.run();
            return;
        }
        StepKernel k = kernels[s];
        if (k != null) {
            k.run();
            return;
        }
        OpOrder.Step step = order.steps.get(s);
        if (step.kind() == OpOrder.Kind.CUSTOM) {
            NativeOps direct = directOps;
            if (direct != null) {
                DirectCall.exec(direct, (CustomOp) step.op(), opHashes[s], oc);
            } else {
                ex.exec((CustomOp) step.op(), oc);
            }
        } else {
            ex.exec((Op) step.op(), oc);
        }
    }

    INDArray value(int slot) {
        return values[slot];
    }

    /** Frees the intermediates now rather than whenever the garbage collector runs. */
    void close() {
        for (INDArray a : owned) {
            if (a.closeable()) {
                a.close();
            }
        }
        owned.clear();
        for (OpContext oc : contexts) {
            oc.purge();
        }
        for (StepKernel k : kernels) {
            if (k != null) {
                k.close();
            }
        }
    }

    private static long[][] shapesOf(INDArray[] feeds) {
        long[][] s = new long[feeds.length][];
        for (int i = 0; i < feeds.length; i++) {
            s[i] = feeds[i].shape();
        }
        return s;
    }

    private static String describe(long[][] shapes) {
        StringBuilder b = new StringBuilder();
        for (long[] s : shapes) {
            b.append(Arrays.toString(s));
        }
        return b.toString();
    }
}

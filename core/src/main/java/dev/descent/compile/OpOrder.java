package dev.descent.compile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.autodiff.samediff.internal.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.reduce.Mmul;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.CustomOp;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.Op;
import org.nd4j.linalg.api.ops.RandomOp;
import org.nd4j.linalg.api.ops.ReduceOp;
import org.nd4j.linalg.api.ops.ScalarOp;
import org.nd4j.linalg.api.ops.BaseReduceOp;
import org.nd4j.linalg.api.ops.custom.Invoke;
import org.nd4j.linalg.api.ops.impl.reduce.floating.Mean;
import org.nd4j.linalg.api.ops.impl.reduce.same.Max;
import org.nd4j.linalg.api.ops.impl.reduce.same.Min;
import org.nd4j.linalg.api.ops.impl.reduce.same.Prod;
import org.nd4j.linalg.api.ops.impl.reduce.same.Sum;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.BaseCompatOp;
import org.nd4j.linalg.api.ops.impl.layers.ExternalErrorsFunction;
import org.nd4j.linalg.api.ops.impl.shape.CreateView;
import org.nd4j.linalg.api.ops.impl.shape.tensorops.BaseTensorOp;
import org.nd4j.linalg.api.ops.impl.transforms.Assert;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Assign;
import org.nd4j.linalg.api.ops.impl.transforms.gradient.GradientBackwardsMarker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The static part of a lean training step: the ops of SameDiff's gradient function that the loss
 * and the parameter gradients need, in a topological order computed once, with every variable
 * numbered as a slot. {@link LeanPlan} binds arrays to these slots for one set of input shapes.
 *
 * <p>Only straight-line graphs of plain custom ops and legacy (transform, scalar, reduce,
 * pairwise) ops qualify; anything SameDiff's InferenceSession special-cases (control flow,
 * tensor arrays, Assign's in-place write, random ops, axis/scalar given as a second input) makes
 * {@link #tryBuild} return null, and the model keeps SameDiff's own execution path.
 *
 * <p>Named an op order, not a schedule: in Descent "schedule" means a learning-rate schedule ({@code dev.descent.schedule}).
 */
final class OpOrder {
    private static final Logger LOG = LoggerFactory.getLogger(OpOrder.class);

    /** Whether an op runs through the custom-op or the legacy-op entry of the executioner. */
    enum Kind { CUSTOM, LEGACY }

    /** One op of the order: which slots it reads and writes. */
    record Step(DifferentialFunction op, Kind kind, int[] inputs, int[] outputs, DataType[] outputTypes) {
    }

    final List<Step> steps;
    /** Slot count; slots 0..placeholders.size()-1 are the placeholders, in {@link #placeholders} order. */
    final int slotCount;
    final List<String> placeholders;
    /** Arrays of VARIABLE/CONSTANT slots (live: the model's parameters are among them); null elsewhere. */
    final @Nullable INDArray[] fixed;
    final int lossSlot;
    /** Per parameter (model order): the slot of its gradient, or -1 when the loss does not depend on it. */
    final int[] gradSlots;
    /** Per extra output asked for (see {@link #tryBuild}): its slot, kept as its op wrote it. */
    final int[] extraSlots;
    /** Runs of ops kernels of ours can replace (see {@link SquaredErrorFusion}, {@link LogSoftmaxFusion}, {@link CrossEntropyFusion}); a plan decides whether to. */
    final List<Fusion> fusions;

    /** The kinds of fusion, in the order they are looked for (the biased squared error before the plain one). */
    private static final List<SlotGraph.Matcher> FUSIONS = List.of(SquaredErrorFusion::matchBiased, SquaredErrorFusion::match,
            LogSoftmaxFusion::match, CrossEntropyFusion::match);

    private OpOrder(List<Step> steps, int slotCount, List<String> placeholders, @Nullable INDArray[] fixed,
            int lossSlot, int[] gradSlots, int[] extraSlots) {
        this.steps = steps;
        this.extraSlots = extraSlots;
        SlotGraph graph = new SlotGraph(steps, lossSlot, keptSlots(gradSlots, extraSlots));
        List<Fusion> found = new ArrayList<>();
        for (SlotGraph.Matcher m : FUSIONS) {
            found.addAll(graph.matchEach(m));
        }
        this.fusions = List.copyOf(found);
        this.slotCount = slotCount;
        this.placeholders = placeholders;
        this.fixed = fixed;
        this.lossSlot = lossSlot;
        this.gradSlots = gradSlots;
    }

    /** The gradient slots and the extra outputs' slots: values read after a step, which no fusion or alias may drop. */
    static int[] keptSlots(int[] gradSlots, int[] extraSlots) {
        int[] kept = java.util.Arrays.copyOf(gradSlots, gradSlots.length + extraSlots.length);
        System.arraycopy(extraSlots, 0, kept, gradSlots.length, extraSlots.length);
        return kept;
    }

    /**
     * Builds the order from {@code sd}'s gradient function ({@code createGradFunction()} must
     * have run), or returns null when the graph holds an op the lean path does not run.
     * {@code extraOutputs} are forward variables whose values a step also reports (running
     * statistics); each must be computed by the ops the loss needs.
     */
    static @Nullable OpOrder tryBuild(SameDiff sd, String lossName, List<String> paramNames, List<String> extraOutputs) {
        SameDiff gradFn = sd.getFunction("grad");
        if (gradFn == null) {
            return null;
        }
        Map<String, Variable> vars = gradFn.getVariables();
        Map<String, SameDiffOp> ops = gradFn.getOps();

        List<String> gradNames = new ArrayList<>();
        for (String p : paramNames) {
            SDVariable g = sd.getVariable(p).getGradient();
            gradNames.add(g == null ? null : g.name());
        }

        // depth-first post-order from the required variables: a topological order of exactly the needed ops
        List<SameDiffOp> order = new ArrayList<>();
        Set<String> visitedOps = new HashSet<>();
        Set<String> onPath = new HashSet<>();
        List<String> roots = new ArrayList<>();
        roots.add(lossName);
        for (String g : gradNames) {
            if (g != null) {
                roots.add(g);
            }
        }
        roots.addAll(extraOutputs);
        for (String r : roots) {
            if (!visit(r, vars, ops, visitedOps, onPath, order)) {
                LOG.debug("Lean executor not used: the ops computing '{}' do not form a plain acyclic graph", r);
                return null;
            }
        }

        // number the slots: placeholders first (so a plan binds feeds by index), then everything else
        Map<String, Integer> slots = new LinkedHashMap<>();
        List<String> placeholders = new ArrayList<>();
        for (SameDiffOp o : order) {
            for (String in : argNames(o)) {
                Variable v = vars.get(in);
                if (v != null && v.getVariable().getVariableType() == VariableType.PLACEHOLDER && !placeholders.contains(in)) {
                    placeholders.add(in);
                }
            }
        }
        for (String ph : placeholders) {
            slots.put(ph, slots.size());
        }
        Map<Integer, INDArray> fixedArrays = new HashMap<>();
        List<Step> steps = new ArrayList<>();
        for (SameDiffOp o : order) {
            DifferentialFunction df = o.getOp();
            String why = unsupported(df);
            if (why != null) {
                LOG.debug("Lean executor not used: op '{}' ({}) {}", o.getName(), df.getClass().getSimpleName(), why);
                return null;
            }
            String[] args = argNames(o);
            int[] in = new int[args.length];
            for (int i = 0; i < args.length; i++) {
                in[i] = slotOf(args[i], slots);
                SDVariable v = vars.get(args[i]).getVariable();
                VariableType t = v.getVariableType();
                if (t == VariableType.VARIABLE || t == VariableType.CONSTANT) {
                    INDArray arr = v.getArr();
                    if (arr == null) {
                        LOG.debug("Lean executor not used: variable '{}' has no array", args[i]);
                        return null;
                    }
                    fixedArrays.put(in[i], arr);
                } else if (t != VariableType.PLACEHOLDER && vars.get(args[i]).getOutputOfOp() == null) {
                    LOG.debug("Lean executor not used: '{}' ({}) has no producing op", args[i], t);
                    return null;
                }
            }
            List<String> outs = o.getOutputsOfOp();
            int[] out = new int[outs.size()];
            DataType[] types = new DataType[outs.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = slotOf(outs.get(i), slots);
                types[i] = vars.get(outs.get(i)).getVariable().dataType();
            }
            DifferentialFunction custom = asCustomReduction(df);
            if (custom != null) {
                steps.add(new Step(custom, Kind.CUSTOM, in, out, types));
            } else {
                steps.add(new Step(df, df instanceof CustomOp ? Kind.CUSTOM : Kind.LEGACY, in, out, types));
            }
        }
        int lossSlot = slotFor(lossName, vars, slots, fixedArrays);
        int[] gradSlots = new int[paramNames.size()];
        for (int i = 0; i < gradSlots.length; i++) {
            gradSlots[i] = gradNames.get(i) == null ? -1 : slotFor(gradNames.get(i), vars, slots, fixedArrays);
        }
        if (lossSlot < 0) {
            LOG.debug("Lean executor not used: no array computes the loss '{}'", lossName);
            return null;
        }
        int[] extraSlots = new int[extraOutputs.size()];
        for (int i = 0; i < extraSlots.length; i++) {
            Integer slot = slots.get(extraOutputs.get(i));
            if (slot == null) {
                LOG.debug("Lean executor not used: no op computes '{}'", extraOutputs.get(i));
                return null;
            }
            extraSlots[i] = slot;
        }
        INDArray[] fixed = new INDArray[slots.size()];
        fixedArrays.forEach((k, v) -> fixed[k] = v);
        return new OpOrder(weightGradientsOnly(steps, lossSlot, keptSlots(gradSlots, extraSlots)), slots.size(),
                List.copyOf(placeholders), fixed, lossSlot, gradSlots, extraSlots);
    }

    /**
     * {@code matmul_bp} computes the gradients of both operands, but when the left operand is data
     * (an input batch) nothing reads its gradient: for a [B, in] @ [in, out] layer that wasted
     * product is as large as the weight gradient itself (torch skips it, since the input does not
     * require a gradient). Such a step becomes a single {@code matmul} with the left operand
     * transposed: dW = xᵀ · dZ, the weight gradient alone.
     */
    private static List<Step> weightGradientsOnly(List<Step> steps, int lossSlot, int[] gradSlots) {
        java.util.Set<Integer> read = new java.util.HashSet<>();
        for (Step st : steps) {
            for (int in : st.inputs()) {
                read.add(in);
            }
        }
        read.add(lossSlot);
        for (int g : gradSlots) {
            read.add(g);
        }
        List<Step> out = new ArrayList<>(steps.size());
        for (Step st : steps) {
            if ("matmul_bp".equals(st.op().opName()) && st.inputs().length == 3 && st.outputs().length == 2
                    && !read.contains(st.outputs()[0]) && untransposed((DynamicCustomOp) st.op())) {
                // (dZᵀ · x)ᵀ instead of xᵀ · dZ: BLAS then reads the batch x in its stored row order,
                // which is markedly faster for tall, narrow batches (full-batch GD over many rows)
                Mmul weightGrad = new Mmul();
                weightGrad.addIArgument(1, 0, 1); // transpose dZ, not x, transpose the result
                out.add(new Step(weightGrad, Kind.CUSTOM, new int[] {st.inputs()[2], st.inputs()[0]},
                        new int[] {st.outputs()[1]}, new DataType[] {st.outputTypes()[1]}));
            } else {
                out.add(st);
            }
        }
        return List.copyOf(out);
    }

    private static boolean untransposed(DynamicCustomOp op) {
        for (long a : op.iArgs()) {
            if (a != 0) {
                return false;
            }
        }
        return op.tArgs().length == 0;
    }

    /** The slot of a required variable: produced by an ordered op, or a fixed array; -1 if neither. */
    private static int slotFor(String name, Map<String, Variable> vars, Map<String, Integer> slots,
            Map<Integer, INDArray> fixedArrays) {
        Integer s = slots.get(name);
        if (s != null) {
            return s;
        }
        SDVariable v = vars.get(name).getVariable();
        if (v.getArr() == null || v.getVariableType() == VariableType.PLACEHOLDER) {
            return -1;
        }
        int slot = slotOf(name, slots);
        fixedArrays.put(slot, v.getArr());
        return slot;
    }

    private static int slotOf(String name, Map<String, Integer> slots) {
        return slots.computeIfAbsent(name, k -> slots.size());
    }

    private static String[] argNames(SameDiffOp o) {
        String[] a = o.getOp().argNames();
        return a == null ? new String[0] : a;
    }

    private static boolean visit(String var, Map<String, Variable> vars, Map<String, SameDiffOp> ops, Set<String> visitedOps,
            Set<String> onPath, List<SameDiffOp> order) {
        Variable v = vars.get(var);
        if (v == null) {
            return false;
        }
        String opName = v.getOutputOfOp();
        if (opName == null || visitedOps.contains(opName)) {
            return true;
        }
        if (!onPath.add(opName)) {
            return false; // a cycle: only control flow makes one
        }
        SameDiffOp op = ops.get(opName);
        if (op == null) {
            return false;
        }
        for (String in : argNames(op)) {
            if (!visit(in, vars, ops, visitedOps, onPath, order)) {
                return false;
            }
        }
        if (op.getControlDeps() != null) {
            for (String c : op.getControlDeps()) {
                if (!visit(c, vars, ops, visitedOps, onPath, order)) {
                    return false;
                }
            }
        }
        onPath.remove(opName);
        visitedOps.add(opName);
        order.add(op);
        return true;
    }

    /**
     * The libnd4j custom op equivalent to a legacy sum/mean/max/min/prod reduction, or null. The
     * legacy entry allocates a native dimension buffer on every call (freed only by the garbage
     * collector); the custom ops run the same reduction kernels with the axes as integer
     * arguments and cache their TAD packs natively.
     */
    private static @Nullable DifferentialFunction asCustomReduction(DifferentialFunction df) {
        String name;
        if (df instanceof Sum) {
            name = "reduce_sum";
        } else if (df instanceof Mean) {
            name = "reduce_mean";
        } else if (df instanceof Max) {
            name = "reduce_max";
        } else if (df instanceof Min) {
            name = "reduce_min";
        } else if (df instanceof Prod) {
            name = "reduce_prod";
        } else {
            return null;
        }
        BaseReduceOp r = (BaseReduceOp) df;
        if (r.isEmptyReduce() || df.argNames() == null || df.argNames().length != 1) {
            return null;
        }
        INDArray d = r.dimensions();
        int[] dims = d == null ? new int[0] : d.toIntVector();
        if (dims.length == 1 && dims[0] == Integer.MAX_VALUE) {
            dims = new int[0]; // all axes
        }
        DynamicCustomOp op = DynamicCustomOp.builder(name).addIntegerArguments(dims).addBooleanArguments(r.isKeepDims()).build();
        op.setOwnName(df.getOwnName());
        return op;
    }

    /** Why the lean path cannot run {@code df} the way InferenceSession does, or null if it can. */
    private static @Nullable String unsupported(DifferentialFunction df) {
        if (df instanceof BaseCompatOp || df instanceof BaseTensorOp || df instanceof Invoke) {
            return "is control flow";
        }
        if (df instanceof Assign || df instanceof CreateView || df instanceof Assert || df instanceof GradientBackwardsMarker
                || df instanceof ExternalErrorsFunction) {
            return "is special-cased by SameDiff's session";
        }
        if (df instanceof RandomOp) {
            return "draws random numbers";
        }
        if (df instanceof CustomOp) {
            return df instanceof DynamicCustomOp ? null : "is not a DynamicCustomOp";
        }
        if (df instanceof Op) {
            String[] a = df.argNames();
            int n = a == null ? 0 : a.length;
            if (n > 2 || ((df instanceof ReduceOp || df instanceof ScalarOp) && n > 1)) {
                return "takes its axis or scalar as an input";
            }
            return null;
        }
        return "is neither a custom nor a legacy op";
    }
}

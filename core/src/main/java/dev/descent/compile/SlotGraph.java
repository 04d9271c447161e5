package dev.descent.compile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/**
 * Who reads and who writes each slot of an {@link OpOrder}'s steps, and the small questions
 * the fusion finders ({@link SquaredErrorFusion}, {@link LogSoftmaxFusion}) ask of it: is this step
 * that op, which single step reads this slot, may these slots disappear.
 *
 * <p>Named for its slots, not a schedule: in Descent "schedule" means a learning-rate schedule ({@code dev.descent.schedule}).
 */
final class SlotGraph {
    final List<OpOrder.Step> steps;
    /** Per slot, the steps reading it (a step reading a slot twice is listed twice). */
    private final List<List<Integer>> readers;
    /** Per slot, the step writing it; -1 for placeholders and fixed arrays. */
    private final int[] producer;
    /** The loss and the gradient slots: their values are read after the step, so no fusion may drop them. */
    private final Set<Integer> kept = new HashSet<>();

    SlotGraph(List<OpOrder.Step> steps, int lossSlot, int[] gradSlots) {
        this.steps = steps;
        int slots = 0;
        for (OpOrder.Step st : steps) {
            for (int i : st.inputs()) {
                slots = Math.max(slots, i + 1);
            }
            for (int o : st.outputs()) {
                slots = Math.max(slots, o + 1);
            }
        }
        readers = new ArrayList<>(slots);
        for (int i = 0; i < slots; i++) {
            readers.add(new ArrayList<>(2));
        }
        producer = new int[slots];
        Arrays.fill(producer, -1);
        for (int s = 0; s < steps.size(); s++) {
            for (int in : steps.get(s).inputs()) {
                readers.get(in).add(s);
            }
            for (int o : steps.get(s).outputs()) {
                producer[o] = s;
            }
        }
        kept.add(lossSlot);
        for (int g : gradSlots) {
            kept.add(g);
        }
    }

    OpOrder.Step step(int s) {
        return steps.get(s);
    }

    /** Slot of input {@code i} of step {@code s}. */
    int in(int s, int i) {
        return steps.get(s).inputs()[i];
    }

    /** Slot of output {@code o} of step {@code s}. */
    int out(int s, int o) {
        return steps.get(s).outputs()[o];
    }

    /** Finds the fusion of one kind anchored at a step of a graph, or returns null where there is none. */
    @FunctionalInterface
    interface Matcher {
        @Nullable Fusion match(SlotGraph g, int step);
    }

    /** The fusions {@code matcher} finds anchored at each step in turn. */
    List<Fusion> matchEach(Matcher matcher) {
        List<Fusion> found = new ArrayList<>();
        for (int s = 0; s < steps.size(); s++) {
            Fusion f = matcher.match(this, s);
            if (f != null) {
                found.add(f);
            }
        }
        return found;
    }

    /** The step writing {@code slot}, or -1 (a placeholder, a fixed array, or a slot outside the order). */
    int producer(int slot) {
        return slot < producer.length ? producer[slot] : -1;
    }

    List<Integer> readers(int slot) {
        return slot < readers.size() ? readers.get(slot) : List.of();
    }

    /** Whether step {@code s} exists and is the custom op {@code opName} with these input and output counts. */
    boolean is(int s, String opName, int inputs, int outputs) {
        if (s < 0) {
            return false;
        }
        OpOrder.Step st = steps.get(s);
        return st.kind() == OpOrder.Kind.CUSTOM && opName.equals(st.op().opName()) && st.inputs().length == inputs
                && st.outputs().length == outputs;
    }

    /** Whether step {@code s} exists and is the op {@code opName} (custom or legacy) with these input and output counts. */
    boolean isAnyKind(int s, String opName, int inputs, int outputs) {
        if (s < 0) {
            return false;
        }
        OpOrder.Step st = steps.get(s);
        return opName.equals(st.op().opName()) && st.inputs().length == inputs && st.outputs().length == outputs;
    }

    /** The one step reading {@code slot} that is the custom op {@code opName}; -1 if none or several. */
    int readerOf(int slot, String opName) {
        int found = -1;
        for (int r : readers(slot)) {
            OpOrder.Step st = steps.get(r);
            if (r != found && st.kind() == OpOrder.Kind.CUSTOM && opName.equals(st.op().opName())) {
                if (found >= 0) {
                    return -1;
                }
                found = r;
            }
        }
        return found;
    }

    /** The one step reading {@code slot} (a step reading it twice counts once), or -1. */
    int singleReader(int slot) {
        int found = -1;
        for (int r : readers(slot)) {
            if (found >= 0 && found != r) {
                return -1;
            }
            found = r;
        }
        return found;
    }

    /**
     * The step that alone reads both {@code a} and {@code b} (the op joining two branches) if it is
     * the custom op {@code opName} of two inputs and one output; else -1.
     */
    int joinedBy(int a, int b, String opName) {
        int r = singleReader(a);
        return is(r, opName, 2, 1) && r == singleReader(b) ? r : -1;
    }

    /** The one step other than {@code except} reading {@code slot}, or -1. */
    int onlyReaderBesides(int slot, int except) {
        int found = -1;
        for (int r : readers(slot)) {
            if (r != except) {
                if (found >= 0 && found != r) {
                    return -1;
                }
                found = r;
            }
        }
        return found;
    }

    /** Whether every reader of {@code slot} is in {@code allowed}. */
    boolean onlyReadBy(int slot, Set<Integer> allowed) {
        for (int r : readers(slot)) {
            if (!allowed.contains(r)) {
                return false;
            }
        }
        return true;
    }

    /** Whether a fusion may stop computing {@code slot}: not the loss, not a gradient the model reads. */
    boolean droppable(int slot) {
        return !kept.contains(slot);
    }

    /** A reduction over every axis (no axis arguments), not keeping dimensions. */
    static boolean reducesAllAxes(OpOrder.Step st) {
        DynamicCustomOp op = (DynamicCustomOp) st.op();
        return op.iArgs().length == 0 && !keepsDims(op);
    }

    /** Whether the reduction has keep-dimensions set (as a boolean or a floating-point argument). */
    static boolean keepsDims(DynamicCustomOp op) {
        boolean keepDims = false;
        for (boolean b : op.bArgs()) {
            keepDims |= b;
        }
        for (double v : op.tArgs()) {
            keepDims |= v != 0;
        }
        return keepDims;
    }
}

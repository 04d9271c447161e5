package dev.descent.compile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/**
 * Finds mean squared errors in a schedule. SameDiff differentiates {@code mean((p - y)²)} (our
 * lowering writes the square as a product) into eight ops over full-size arrays:
 *
 * <pre>
 *   d = subtract(p, y)      s = multiply(d, d)       loss = reduce_mean(s)
 *   gs = reduce_mean_bp(s, seed)   (gd1, gd2) = multiply_bp(d, d, gs)   gd = add(gd1, gd2)
 *   (gp, gy) = subtract_bp(p, y, gd)
 * </pre>
 *
 * each a separate pass over memory (and {@code gy}, the target's gradient, is computed for
 * nobody). When those intermediates are read by nothing else, the whole run becomes one
 * {@link SquaredErrorMeanKernel} pass: loss and gp from p and y.
 */
final class SquaredErrorFusion {
    private SquaredErrorFusion() {
    }

    static List<Fusion> find(List<LeanSchedule.Step> steps, int lossSlot, int[] gradSlots) {
        List<List<Integer>> readers = readers(steps);
        Set<Integer> kept = new HashSet<>();
        kept.add(lossSlot);
        for (int g : gradSlots) {
            kept.add(g);
        }
        int[] producer = producers(steps, readers.size());
        List<Fusion> found = new ArrayList<>();
        for (int m = 0; m < steps.size(); m++) {
            Fusion f = match(steps, readers, producer, kept, m);
            if (f != null) {
                found.add(f);
            }
        }
        return found;
    }

    /** The fusion whose reduce_mean is step {@code m}, or null. */
    private static @Nullable Fusion match(List<LeanSchedule.Step> steps, List<List<Integer>> readers, int[] producer,
            Set<Integer> kept, int m) {
        LeanSchedule.Step mean = steps.get(m);
        if (!is(mean, "reduce_mean", 1, 1) || !allAxes(mean)) {
            return null;
        }
        int s = mean.inputs()[0];
        int q = producer[s];
        if (q < 0 || !is(steps.get(q), "multiply", 2, 1) || steps.get(q).inputs()[0] != steps.get(q).inputs()[1]) {
            return null;
        }
        int d = steps.get(q).inputs()[0];
        int t = producer[d];
        if (t < 0 || !is(steps.get(t), "subtract", 2, 1)) {
            return null;
        }
        int p = steps.get(t).inputs()[0];
        int y = steps.get(t).inputs()[1];
        // backward: reduce_mean_bp(s, seed) → gs → multiply_bp(d, d, gs) → add → subtract_bp(p, y, gd)
        int mb = onlyReader(readers, s, m);
        if (mb < 0 || !is(steps.get(mb), "reduce_mean_bp", 2, 1) || steps.get(mb).inputs()[0] != s || !allAxes(steps.get(mb))) {
            return null;
        }
        int seed = steps.get(mb).inputs()[1];
        if (producer[seed] > m) {
            return null; // the kernel runs at the mean's place: the seed must exist by then
        }
        int gs = steps.get(mb).outputs()[0];
        int qb = single(readers.get(gs));
        if (qb < 0 || !is(steps.get(qb), "multiply_bp", 3, 2) || steps.get(qb).inputs()[0] != d || steps.get(qb).inputs()[1] != d) {
            return null;
        }
        int gd1 = steps.get(qb).outputs()[0];
        int gd2 = steps.get(qb).outputs()[1];
        int a = single(readers.get(gd1));
        if (a < 0 || a != single(readers.get(gd2)) || !is(steps.get(a), "add", 2, 1)) {
            return null;
        }
        int gd = steps.get(a).outputs()[0];
        int tb = single(readers.get(gd));
        if (tb < 0 || !is(steps.get(tb), "subtract_bp", 3, 2) || steps.get(tb).inputs()[0] != p
                || steps.get(tb).inputs()[1] != y || steps.get(tb).inputs()[2] != gd) {
            return null;
        }
        int gp = steps.get(tb).outputs()[0];
        int gy = steps.get(tb).outputs()[1];
        // d is read by the square and its gradient only; s by the mean and its gradient only
        if (!onlyReadBy(readers.get(d), q, qb) || !onlyReadBy(readers.get(s), m, mb) || !readers.get(gy).isEmpty()) {
            return null;
        }
        for (int slot : new int[] {d, s, gs, gd1, gd2, gd, gy}) {
            if (kept.contains(slot)) {
                return null;
            }
        }
        return new Fusion(m, new int[] {t, q, mb, qb, a, tb}, new int[] {p, y, seed},
                new int[] {mean.outputs()[0], gp}, Fusion.Kind.SQUARED_ERROR_MEAN);
    }

    private static boolean is(LeanSchedule.Step st, String opName, int inputs, int outputs) {
        return st.kind() == LeanSchedule.Kind.CUSTOM && opName.equals(st.op().opName()) && st.inputs().length == inputs
                && st.outputs().length == outputs;
    }

    /** A reduction over every axis (no axis arguments), not keeping dimensions. */
    private static boolean allAxes(LeanSchedule.Step st) {
        DynamicCustomOp op = (DynamicCustomOp) st.op();
        boolean keepDims = false;
        for (boolean b : op.bArgs()) {
            keepDims |= b;
        }
        for (double v : op.tArgs()) {
            keepDims |= v != 0;
        }
        return op.iArgs().length == 0 && !keepDims;
    }

    private static int onlyReader(List<List<Integer>> readers, int slot, int except) {
        int found = -1;
        for (int r : readers.get(slot)) {
            if (r != except) {
                if (found >= 0 && found != r) {
                    return -1;
                }
                found = r;
            }
        }
        return found;
    }

    private static boolean onlyReadBy(List<Integer> readers, int a, int b) {
        for (int r : readers) {
            if (r != a && r != b) {
                return false;
            }
        }
        return true;
    }

    /** The one step in {@code readers} (a step reading a slot twice counts once), or -1. */
    private static int single(List<Integer> readers) {
        int found = -1;
        for (int r : readers) {
            if (found >= 0 && found != r) {
                return -1;
            }
            found = r;
        }
        return found;
    }

    private static List<List<Integer>> readers(List<LeanSchedule.Step> steps) {
        int slots = 0;
        for (LeanSchedule.Step st : steps) {
            for (int i : st.inputs()) {
                slots = Math.max(slots, i + 1);
            }
            for (int o : st.outputs()) {
                slots = Math.max(slots, o + 1);
            }
        }
        List<List<Integer>> r = new ArrayList<>(slots);
        for (int i = 0; i < slots; i++) {
            r.add(new ArrayList<>(2));
        }
        for (int s = 0; s < steps.size(); s++) {
            for (int in : steps.get(s).inputs()) {
                r.get(in).add(s);
            }
        }
        return r;
    }

    /** Per slot, the step writing it; -1 for placeholders and fixed arrays. */
    private static int[] producers(List<LeanSchedule.Step> steps, int slots) {
        int[] p = new int[slots];
        java.util.Arrays.fill(p, -1);
        for (int s = 0; s < steps.size(); s++) {
            for (int o : steps.get(s).outputs()) {
                if (o < slots) {
                    p[o] = s;
                }
            }
        }
        return p;
    }
}

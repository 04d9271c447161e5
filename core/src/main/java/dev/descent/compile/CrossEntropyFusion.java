package dev.descent.compile;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/**
 * Finds the mean cross-entropy around a log-softmax: {@code loss = -mean_r Σ_j w[r,j] lp[r,j]}
 * with w a one-hot encoding of class indices (then the {@code onehot} op is taken in too) or any
 * [rows, classes] weights (soft targets), in either order of negation and mean:
 *
 * <pre>
 *   pr = multiply(w, lp)   ps = reduce_sum(pr, 1)   loss = neg(reduce_mean(ps))      (or reduce_mean(neg(ps)))
 *   g = neg(seed)   gps = reduce_mean_bp(ps, g)       (or gps = neg(reduce_mean_bp(nps, seed)))
 *   gpr = reduce_sum_bp(pr, gps)   (glp, gw) = multiply_bp(w, lp, gpr)      (gw read by nobody)
 * </pre>
 *
 * Eight or nine small ops (a W3 batch's {@code onehot} alone costs 20–30 µs) become one
 * {@link CrossEntropyKernel} pass at the multiply's place, computing the loss and glp. Only when
 * the loss's incoming gradient (the seed) exists by then, i.e. when this cross-entropy is the
 * whole loss; a sum of losses keeps its ops.
 */
final class CrossEntropyFusion {
    private CrossEntropyFusion() {
    }

    /** The fusion whose multiply is step {@code t1}, or null. */
    static @Nullable Fusion match(SlotGraph g, int t1) {
        if (!g.is(t1, "multiply", 2, 1)) {
            return null;
        }
        int pr = g.out(t1, 0);
        int t2 = g.readerOf(pr, "reduce_sum");
        if (t2 < 0 || !rowSum(g.step(t2))) {
            return null;
        }
        int ps = g.out(t2, 0);
        int t3;
        int t4;
        int b1;
        int b2;
        int seed;
        int gps;
        int mean = g.readerOf(ps, "reduce_mean");
        if (mean >= 0) {
            // neg(reduce_mean(ps)); backward: reduce_mean_bp(ps, neg(seed))
            t3 = mean;
            t4 = g.singleReader(g.out(t3, 0));
            b2 = g.readerOf(ps, "reduce_mean_bp");
            if (!SlotGraph.reducesAllAxes(g.step(t3)) || !g.isAnyKind(t4, "neg", 1, 1) || b2 < 0 || g.in(b2, 0) != ps) {
                return null;
            }
            b1 = g.producer(g.in(b2, 1));
            if (!g.isAnyKind(b1, "neg", 1, 1) || g.singleReader(g.out(b1, 0)) != b2) {
                return null;
            }
            seed = g.in(b1, 0);
            gps = g.out(b2, 0);
        } else {
            // reduce_mean(neg(ps)); backward: neg(reduce_mean_bp(neg(ps), seed))
            t3 = g.singleReader(ps);
            if (!g.isAnyKind(t3, "neg", 1, 1)) {
                return null;
            }
            int nps = g.out(t3, 0);
            t4 = g.readerOf(nps, "reduce_mean");
            b1 = g.readerOf(nps, "reduce_mean_bp");
            if (t4 < 0 || !SlotGraph.reducesAllAxes(g.step(t4)) || b1 < 0 || g.in(b1, 0) != nps) {
                return null;
            }
            seed = g.in(b1, 1);
            b2 = g.singleReader(g.out(b1, 0));
            if (!g.isAnyKind(b2, "neg", 1, 1)) {
                return null;
            }
            gps = g.out(b2, 0);
        }
        if (g.producer(seed) >= t1) {
            return null; // the kernel runs at the multiply's place: the seed must exist by then
        }
        int b3 = g.singleReader(gps);
        if (!g.is(b3, "reduce_sum_bp", 2, 1) || g.in(b3, 0) != pr || g.in(b3, 1) != gps || !rowSum(g.step(b3))) {
            return null;
        }
        int gpr = g.out(b3, 0);
        int b4 = g.singleReader(gpr);
        if (!g.is(b4, "multiply_bp", 3, 2) || g.in(b4, 0) != g.in(t1, 0) || g.in(b4, 1) != g.in(t1, 1)) {
            return null;
        }
        // which operand is the weights: the one whose gradient nobody reads
        int weightSide;
        if (g.readers(g.out(b4, 0)).isEmpty() && !g.readers(g.out(b4, 1)).isEmpty()) {
            weightSide = 0;
        } else if (g.readers(g.out(b4, 1)).isEmpty() && !g.readers(g.out(b4, 0)).isEmpty()) {
            weightSide = 1;
        } else {
            return null;
        }
        int w = g.in(t1, weightSide);
        int lp = g.in(t1, 1 - weightSide);
        int glp = g.out(b4, 1 - weightSide);
        int loss = g.out(t4, 0);
        List<Integer> ops = new ArrayList<>(List.of(t1, t2, t3, t4, b1, b2, b3, b4));
        List<Integer> inner = new ArrayList<>(List.of(pr, ps, g.out(t3, 0), g.out(b1, 0), gps, gpr, g.out(b4, weightSide)));
        int target = w;
        Fusion.Kind kind = Fusion.Kind.CROSS_ENTROPY_WEIGHTS;
        int onehot = g.producer(w);
        if (g.is(onehot, "onehot", 1, 1) && plainOneHot((DynamicCustomOp) g.step(onehot).op())) {
            ops.add(onehot);
            inner.add(w);
            target = g.in(onehot, 0);
            kind = Fusion.Kind.CROSS_ENTROPY_INDICES;
        }
        Set<Integer> opSet = Set.copyOf(ops);
        if (opSet.size() != ops.size()) {
            return null;
        }
        for (int slot : inner) {
            if (!g.onlyReadBy(slot, opSet) || !g.droppable(slot)) {
                return null;
            }
        }
        int[] removed = ops.stream().filter(s -> s != t1).mapToInt(Integer::intValue).toArray();
        return new Fusion(new int[] {t1}, removed, new int[] {lp, target, seed}, new int[] {loss, glp}, kind);
    }

    /** A one-hot encoding along the last axis with on = 1 and off = 0. */
    private static boolean plainOneHot(DynamicCustomOp op) {
        long[] i = op.iArgs();
        double[] t = op.tArgs();
        boolean lastAxis = i.length == 2 && i[0] == -1;
        boolean onOff = t.length == 0 || (t.length == 2 && t[0] == 1.0 && t[1] == 0.0);
        return lastAxis && onOff;
    }

    /** A sum over axis 1 that drops it. */
    private static boolean rowSum(OpOrder.Step st) {
        DynamicCustomOp op = (DynamicCustomOp) st.op();
        long[] axes = op.iArgs();
        return axes.length == 1 && (axes[0] == 1 || axes[0] == -1) && !SlotGraph.keepsDims(op);
    }
}

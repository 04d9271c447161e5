package dev.descent.compile;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ops.DynamicCustomOp;

/**
 * Finds log-softmax along one axis in an op order, as {@link Lowering} composes it (SameDiff's own
 * log_softmax is not usable: see there) and as SameDiff differentiates that composition:
 *
 * <pre>
 *   m = reduce_max(z, axis, keep)   sh = subtract(z, m)   e = exp(sh)
 *   se = reduce_sum(e, axis, keep)  l = log(se)           lp = subtract(sh, l)
 *
 *   (gsh1, gl) = subtract_bp(sh, l, glp)   e2 = exp(sh)   gse = divide(gl, se)
 *   ge = reduce_sum_bp(e, gse)   gsh2 = multiply(e2, ge)   gsh = add(gsh1, gsh2)
 *   (gz1, gm) = subtract_bp(z, m, gsh)   gz2 = reduce_max_bp(z, gm)   gz = add(gz1, gz2)
 * </pre>
 *
 * Fifteen ops over small arrays, each paying libnd4j's fixed per-op cost (a W3 batch spends more
 * time in them than in its last layer's product). When every intermediate is read by these ops
 * only, a {@link LogSoftmaxKernels} pair replaces them: the forward part at reduce_max's place
 * (lp from z), the backward part at the first subtract_bp's (gz from glp). Products of the graph
 * other than lp and gz (the loss, parameter gradients) never are intermediates here.
 */
final class LogSoftmaxFusion {
    private LogSoftmaxFusion() {
    }

    /** The fusion whose reduce_max is step {@code f1}, or null. */
    static @Nullable Fusion match(SlotGraph g, int f1) {
        if (!g.is(f1, "reduce_max", 1, 1)) {
            return null;
        }
        int axis = keptAxis(g.step(f1));
        if (axis < 0) {
            return null;
        }
        int z = g.in(f1, 0);
        int m = g.out(f1, 0);
        // each op found as the one reader of an earlier result that has the expected form; that
        // nothing else reads the intermediates is checked at the end
        int f2 = g.readerOf(m, "subtract");
        if (!g.is(f2, "subtract", 2, 1) || g.in(f2, 0) != z || g.in(f2, 1) != m) {
            return null;
        }
        int sh = g.out(f2, 0);
        int f3 = -1;
        int f6 = -1;
        int b1 = -1;
        int b2 = -1;
        for (int r : g.readers(sh)) {
            if (g.isAnyKind(r, "exp", 1, 1)) {
                if (f3 < 0) {
                    f3 = r;
                } else if (b2 < 0) {
                    b2 = r;
                } else {
                    return null;
                }
            } else if (g.is(r, "subtract", 2, 1) && g.in(r, 0) == sh) {
                f6 = f6 < 0 ? r : -2;
            } else if (g.is(r, "subtract_bp", 3, 2) && g.in(r, 0) == sh) {
                b1 = b1 < 0 ? r : -2;
            } else {
                return null;
            }
        }
        if (f3 < 0 || b2 < 0 || f6 < 0 || b1 < 0) {
            return null;
        }
        int e = g.out(f3, 0);
        int f4 = g.readerOf(e, "reduce_sum");
        if (!g.is(f4, "reduce_sum", 1, 1) || keptAxis(g.step(f4)) != axis) {
            return null;
        }
        int se = g.out(f4, 0);
        int f5 = -1;
        int b3 = -1;
        for (int r : g.readers(se)) {
            if (g.isAnyKind(r, "log", 1, 1)) {
                f5 = f5 < 0 ? r : -2;
            } else if (g.is(r, "divide", 2, 1) && g.in(r, 1) == se) {
                b3 = b3 < 0 ? r : -2;
            } else {
                return null;
            }
        }
        if (f5 < 0 || b3 < 0) {
            return null;
        }
        int l = g.out(f5, 0);
        if (g.in(f6, 1) != l || g.in(b1, 1) != l) {
            return null;
        }
        int lp = g.out(f6, 0);
        int glp = g.in(b1, 2);
        int gsh1 = g.out(b1, 0);
        int gl = g.out(b1, 1);
        if (g.in(b3, 0) != gl) {
            return null;
        }
        int gse = g.out(b3, 0);
        int b4 = g.singleReader(gse);
        if (!g.is(b4, "reduce_sum_bp", 2, 1) || g.in(b4, 0) != e || g.in(b4, 1) != gse) {
            return null;
        }
        int ge = g.out(b4, 0);
        int e2 = g.out(b2, 0);
        int b5 = g.joinedBy(ge, e2, "multiply");
        if (b5 < 0) {
            return null;
        }
        int gsh2 = g.out(b5, 0);
        int b6 = g.joinedBy(gsh2, gsh1, "add");
        if (b6 < 0) {
            return null;
        }
        int gsh = g.out(b6, 0);
        int b7 = g.singleReader(gsh);
        if (!g.is(b7, "subtract_bp", 3, 2) || g.in(b7, 0) != z || g.in(b7, 1) != m || g.in(b7, 2) != gsh) {
            return null;
        }
        int gz1 = g.out(b7, 0);
        int gm = g.out(b7, 1);
        int b8 = g.singleReader(gm);
        if (!g.is(b8, "reduce_max_bp", 2, 1) || g.in(b8, 0) != z || g.in(b8, 1) != gm) {
            return null;
        }
        int gz2 = g.out(b8, 0);
        int b9 = g.joinedBy(gz2, gz1, "add");
        if (b9 < 0) {
            return null;
        }
        int gz = g.out(b9, 0);
        Set<Integer> ops = Set.of(f1, f2, f3, f4, f5, f6, b1, b2, b3, b4, b5, b6, b7, b8, b9);
        for (int slot : new int[] {m, sh, e, se, l, gsh1, gl, e2, gse, ge, gsh2, gsh, gz1, gm, gz2}) {
            if (!g.onlyReadBy(slot, ops) || !g.droppable(slot)) {
                return null;
            }
        }
        if (g.producer(glp) > b1) {
            return null; // the backward kernel runs at b1's place: glp must exist by then
        }
        List<Integer> removed = new ArrayList<>(List.of(f2, f3, f4, f5, f6, b2, b3, b4, b5, b6, b7, b8, b9));
        if (new HashSet<>(removed).size() != 13) {
            return null;
        }
        return new Fusion(new int[] {f1, b1}, removed.stream().mapToInt(Integer::intValue).toArray(), new int[] {z, glp},
                new int[] {lp, gz}, Fusion.Kind.LOG_SOFTMAX);
    }


    /** The one axis a keep-dimensions reduction runs over, or -1 for any other reduction. */
    private static int keptAxis(OpOrder.Step st) {
        DynamicCustomOp op = (DynamicCustomOp) st.op();
        long[] axes = op.iArgs();
        if (axes.length != 1 || !SlotGraph.keepsDims(op)) {
            return -1;
        }
        return (int) axes[0];
    }
}

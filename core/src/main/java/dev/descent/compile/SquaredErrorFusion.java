package dev.descent.compile;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds mean squared errors in an op order. SameDiff differentiates {@code mean((p - y)²)} (our
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

    /**
     * The same errors where the prediction is {@code z + b} (a layer's bias add) and the bias's
     * gradient is taken: {@code p = add(z, b)} and {@code (gz, gb) = add_bp(z, b, gp)} join the run,
     * so p and gp are never written and a {@link SquaredErrorMeanKernel} with a bias computes loss,
     * {@code gz} (= gp) and {@code gb} (gp summed over rows) in its one pass. Listed before the plain
     * fusion, which still applies when the kernel refuses the arrays (a bias not of the error's
     * last-axis length, say).
     */
    static @Nullable Fusion matchBiased(SlotGraph g, int m) {
        Fusion base = match(g, m);
        if (base == null) {
            return null;
        }
        int p = base.inputs()[0];
        int gp = base.outputs()[1];
        int add = g.producer(p);
        if (!g.is(add, "add", 2, 1)) {
            return null;
        }
        int z = g.in(add, 0);
        int b = g.in(add, 1);
        int addBp = g.singleReader(gp);
        if (!g.is(addBp, "add_bp", 3, 2) || g.in(addBp, 0) != z || g.in(addBp, 1) != b || g.in(addBp, 2) != gp) {
            return null;
        }
        // the error's subtraction and its gradient are p's only readers
        int[] removed = base.removed();
        int subtract = g.readerOf(p, "subtract");
        int subtractBp = g.readerOf(p, "subtract_bp");
        if (subtract < 0 || subtractBp < 0 || !g.onlyReadBy(p, Set.of(subtract, subtractBp)) || !g.droppable(p)
                || !g.droppable(gp)) {
            return null;
        }
        int[] all = new int[removed.length + 2];
        all[0] = add;
        System.arraycopy(removed, 0, all, 1, removed.length);
        all[all.length - 1] = addBp;
        return new Fusion(base.anchors(), all, new int[] {z, b, base.inputs()[1], base.inputs()[2]},
                new int[] {base.outputs()[0], g.out(addBp, 0), g.out(addBp, 1)}, Fusion.Kind.BIASED_SQUARED_ERROR_MEAN);
    }

    /** The fusion whose reduce_mean is step {@code m}, or null. */
    static @Nullable Fusion match(SlotGraph g, int m) {
        OpOrder.Step mean = g.step(m);
        if (!g.is(m, "reduce_mean", 1, 1) || !SlotGraph.reducesAllAxes(mean)) {
            return null;
        }
        int s = mean.inputs()[0];
        int q = g.producer(s);
        if (!g.is(q, "multiply", 2, 1) || g.step(q).inputs()[0] != g.step(q).inputs()[1]) {
            return null;
        }
        int d = g.step(q).inputs()[0];
        int t = g.producer(d);
        if (!g.is(t, "subtract", 2, 1)) {
            return null;
        }
        int p = g.step(t).inputs()[0];
        int y = g.step(t).inputs()[1];
        // backward: reduce_mean_bp(s, seed) → gs → multiply_bp(d, d, gs) → add → subtract_bp(p, y, gd)
        int mb = g.onlyReaderBesides(s, m);
        if (!g.is(mb, "reduce_mean_bp", 2, 1) || g.step(mb).inputs()[0] != s || !SlotGraph.reducesAllAxes(g.step(mb))) {
            return null;
        }
        int seed = g.step(mb).inputs()[1];
        if (g.producer(seed) > m) {
            return null; // the kernel runs at the mean's place: the seed must exist by then
        }
        int gs = g.step(mb).outputs()[0];
        int qb = g.singleReader(gs);
        if (!g.is(qb, "multiply_bp", 3, 2) || g.step(qb).inputs()[0] != d || g.step(qb).inputs()[1] != d) {
            return null;
        }
        int gd1 = g.step(qb).outputs()[0];
        int gd2 = g.step(qb).outputs()[1];
        int a = g.singleReader(gd1);
        if (a < 0 || a != g.singleReader(gd2) || !g.is(a, "add", 2, 1)) {
            return null;
        }
        int gd = g.step(a).outputs()[0];
        int tb = g.singleReader(gd);
        if (!g.is(tb, "subtract_bp", 3, 2) || g.step(tb).inputs()[0] != p || g.step(tb).inputs()[1] != y
                || g.step(tb).inputs()[2] != gd) {
            return null;
        }
        int gp = g.step(tb).outputs()[0];
        int gy = g.step(tb).outputs()[1];
        // d is read by the square and its gradient only; s by the mean and its gradient only
        if (!g.onlyReadBy(d, Set.of(q, qb)) || !g.onlyReadBy(s, Set.of(m, mb)) || !g.readers(gy).isEmpty()) {
            return null;
        }
        for (int slot : new int[] {d, s, gs, gd1, gd2, gd, gy}) {
            if (!g.droppable(slot)) {
                return null;
            }
        }
        return new Fusion(new int[] {m}, new int[] {t, q, mb, qb, a, tb}, new int[] {p, y, seed},
                new int[] {mean.outputs()[0], gp}, Fusion.Kind.SQUARED_ERROR_MEAN);
    }
}

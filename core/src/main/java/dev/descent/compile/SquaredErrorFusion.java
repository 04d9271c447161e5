package dev.descent.compile;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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

    static List<Fusion> find(ScheduleGraph g) {
        return g.matchEach(s -> match(g, s));
    }

    /** The fusion whose reduce_mean is step {@code m}, or null. */
    private static @Nullable Fusion match(ScheduleGraph g, int m) {
        LeanSchedule.Step mean = g.step(m);
        if (!g.is(m, "reduce_mean", 1, 1) || !ScheduleGraph.reducesAllAxes(mean)) {
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
        if (!g.is(mb, "reduce_mean_bp", 2, 1) || g.step(mb).inputs()[0] != s || !ScheduleGraph.reducesAllAxes(g.step(mb))) {
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

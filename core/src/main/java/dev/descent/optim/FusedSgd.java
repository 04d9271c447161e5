package dev.descent.optim;

/**
 * {@link Sgd}'s arithmetic, once: the {@link FusedPass.Chunk} that updates a chunk of a parameter in
 * one pass, where BLAS would take up to five. {@link FusedPass} streams the parameter, the gradient
 * and the momentum buffer through it chunk by chunk (split over cores for large parameters).
 *
 * <p>Per element, in torch's order and with OpenBLAS {@code axpy}'s roundings (one fused
 * multiply-add per step; the momentum scale is a plain float multiply), so the fused path and the
 * BLAS level-1 path of {@link Sgd#applyWithBlas} give the same bits except, at most, in OpenBLAS's
 * short scalar tail, which rounds twice:
 * <pre>
 *   d = maximize ? -g : g;  d = fma(wd, w, d)
 *   v = first momentum step ? d : fma(1 - dampening, d, mu * v)
 *   d = nesterov ? fma(mu, v, d) : v
 *   w = fma(-lr, d, w)
 * </pre>
 */
final class FusedSgd {
    private FusedSgd() {
    }

    /**
     * The chunk update for one step of {@code s} at learning rate {@code lr}: {@code first} is the
     * first momentum step (buffer := d, no dampening); the momentum buffer is the chunk's first
     * state array and is unused with momentum 0.
     */
    static FusedPass.Chunk chunk(Sgd s, boolean first, double lr) {
        final float mu = (float) s.momentum();
        final float keep = (float) (1 - s.dampening());
        final float step = (float) -lr;
        final float wd = (float) s.weightDecay();
        final boolean maximize = s.maximize();
        final boolean momentum = s.momentum() != 0;
        final boolean nesterov = s.nesterov();
        return (p, g, v, unusedB, unusedC, len) -> {
            FusedPass.direction(p, g, len, maximize, wd);
            float[] d = g;
            if (momentum) {
                if (first) {
                    System.arraycopy(g, 0, v, 0, len);
                } else {
                    for (int i = 0; i < len; i++) {
                        v[i] = Math.fma(keep, g[i], mu * v[i]);
                    }
                }
                if (nesterov) {
                    for (int i = 0; i < len; i++) {
                        g[i] = Math.fma(mu, v[i], g[i]);
                    }
                } else {
                    d = v;
                }
            }
            for (int i = 0; i < len; i++) {
                p[i] = Math.fma(step, d[i], p[i]);
            }
        };
    }
}

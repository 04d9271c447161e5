package dev.descent.bench;

import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * W4A, the Adam update alone: {@link Optimizer#step} with {@code torch.optim.Adam(lr=1e-3)}'s rule
 * ({@link Adam}, torch's defaults) over one parameter of 10,000,000 floats (1,000,000 quick) starting at
 * zero, with the fixed gradient {@code linspace(-1, 1, N)}, 100 timed updates after 3 warm-up ones.
 * {@code update_GBps} counts the 7 x 4 x N bytes a fused Adam update must move (read p, g, m, v; write
 * p, m, v).
 *
 * <p>Check ({@code ok}), as the peers do: with a constant gradient every bias-corrected Adam step is
 * {@code lr * g / (|g| + eps)}, i.e. {@code lr * sign(g)} where {@code |g| >= 1e-3}, so after the 103
 * updates every such element must be {@code -0.103 * sign(g)} within 1e-5 (a skipped or doubled update
 * is off by 1e-3).
 */
final class AdamUpdateWorkload implements Workload {
    static final double LR = 1e-3;

    @Override
    public void run(boolean quick, Metrics out) {
        int n = quick ? 1_000_000 : 10_000_000;
        double bytes = 7.0 * 4 * n;
        float[] g = linspace(n);
        INDArray grad = Nd4j.createFromArray(g);
        INDArray p = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, n);
        Optimizer opt = Optimizer.create(Adam.of(LR), Map.of("p", p));
        double sec = UpdateWorkload.secondsPerUpdate(opt, Map.of("p", grad));
        out.emit("ms_per_update", sec * 1e3, "ms (Optimizer.step, Adam lr 1e-3)");
        out.emit("update_GBps", bytes / sec / 1e9, "GB/s (7*4*N bytes/update)");
        double worst = worstSignError(p, g, UpdateWorkload.WARMUP + UpdateWorkload.UPDATES);
        out.emit("ok", worst < 1e-5 ? 1 : 0, "bool");
        p.close();
        grad.close();
        if (!(worst < 1e-5)) {
            throw new CheckFailedException("W4A: after " + (UpdateWorkload.WARMUP + UpdateWorkload.UPDATES) + " Adam updates the parameters differ from "
                    + "-updates * lr * sign(g) by up to " + worst + " (tolerance 1e-5)");
        }
    }

    /** torch.linspace(-1, 1, n) in float: -1 + 2 i / (n - 1). */
    static float[] linspace(int n) {
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) (-1 + 2.0 * i / (n - 1));
        }
        return g;
    }

    /** The largest |p - (-updates * lr * sign(g))| over the elements with |g| >= 1e-3. */
    static double worstSignError(INDArray p, float[] g, int updates) {
        float[] v = p.toFloatVector();
        double worst = 0;
        for (int i = 0; i < g.length; i++) {
            if (Math.abs(g[i]) >= 1e-3) {
                worst = Math.max(worst, Math.abs(v[i] + updates * LR * Math.signum(g[i])));
            }
        }
        return worst;
    }
}

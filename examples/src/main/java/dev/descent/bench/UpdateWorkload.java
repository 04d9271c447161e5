package dev.descent.bench;

import dev.descent.data.Rng;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * W4, the optimizer update alone: {@link Optimizer#step} with SGD lr 0.01, momentum 0.9, weight decay
 * 1e-4 over one parameter of 10,000,000 floats (1,000,000 quick) with a fixed gradient, 100 timed
 * updates after 3 warm-up ones, heavy-ball and Nesterov. {@code update_GBps} counts the 5 x 4 x N bytes
 * a fused update must move (read p, g, buf; write p, buf).
 *
 * <p>Check: 1,000 sampled elements are replayed in float with torch's formula for all 103 updates
 * and must agree to 1e-6 (one skipped update moves an element by ~1e-5).
 */
final class UpdateWorkload implements Workload {
    static final int UPDATES = 100;
    static final int WARMUP = 3;
    static final double LR = 0.01;
    static final double MOMENTUM = 0.9;
    static final double WEIGHT_DECAY = 1e-4;

    @Override
    public void run(boolean quick, Metrics out) {
        int n = quick ? 1_000_000 : 10_000_000;
        double bytes = 5.0 * 4 * n;
        Rng rng = new Rng(4);
        float[] p0 = Gaussians.normal(rng, n, 0.01);
        float[] g = Gaussians.normal(rng, n, 1e-3);
        INDArray grad = Nd4j.createFromArray(g);
        for (boolean nesterov : new boolean[] {false, true}) {
            String suffix = nesterov ? "_nesterov" : "";
            INDArray p = Nd4j.createFromArray(p0);
            Sgd sgd = Sgd.builder().lr(LR).momentum(MOMENTUM).weightDecay(WEIGHT_DECAY).nesterov(nesterov).build();
            Optimizer opt = Optimizer.create(sgd, Map.of("p", p));
            double sec = secondsPerUpdate(opt, Map.of("p", grad));
            out.emit("ms_per_update" + suffix, sec * 1e3, "ms (Optimizer.step, Sgd momentum 0.9, wd 1e-4"
                    + (nesterov ? ", nesterov" : "") + ")");
            out.emit("update_GBps" + suffix, bytes / sec / 1e9, "GB/s (5*4*N bytes/update)");
            check(p, p0, g, nesterov, WARMUP + UPDATES);
            p.close();
        }
        grad.close();
    }

    /** {@link #WARMUP} untimed updates, then the mean wall time of {@link #UPDATES} timed ones, in seconds. */
    static double secondsPerUpdate(Optimizer opt, Map<String, INDArray> grads) {
        for (int i = 0; i < WARMUP; i++) {
            opt.step(grads);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < UPDATES; i++) {
            opt.step(grads);
        }
        return (System.nanoTime() - t0) / 1e9 / UPDATES;
    }

    /** Replays {@code updates} torch SGD updates in float on 1,000 sampled elements and compares. */
    static void check(INDArray p, float[] p0, float[] g, boolean nesterov, int updates) {
        Rng pick = new Rng(44);
        float lr = (float) LR;
        float mu = (float) MOMENTUM;
        float wd = (float) WEIGHT_DECAY;
        double worst = 0;
        for (int k = 0; k < 1000; k++) {
            int i = pick.nextInt(p0.length);
            float w = p0[i];
            float buf = 0;
            for (int t = 0; t < updates; t++) {
                float d = g[i] + wd * w;
                buf = t == 0 ? d : mu * buf + d;
                float step = nesterov ? d + mu * buf : buf;
                w = w - lr * step;
            }
            worst = Math.max(worst, Math.abs(p.getFloat(i) - w));
        }
        if (!(worst <= 1e-6)) {
            throw new CheckFailedException("W4" + (nesterov ? " nesterov" : "") + ": parameters differ from a float replay"
                    + " of torch's SGD by up to " + worst + " (tolerance 1e-6)");
        }
    }
}

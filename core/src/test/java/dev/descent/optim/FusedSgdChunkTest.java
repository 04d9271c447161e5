package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The chunked update (parameters larger than one chunk, with a partial last chunk) against the
 * rule written out element by element in float with the same fused multiply-adds: same bits,
 * for every option at once, over several steps (the first momentum step included).
 */
class FusedSgdChunkTest {
    @Test
    void chunkedUpdateHasTheBitsOfTheElementwiseRule() {
        for (boolean nesterov : new boolean[] {true, false}) {
            Sgd rule = nesterov
                    ? Sgd.builder().lr(0.05).momentum(0.9).nesterov(true).weightDecay(0.01).build()
                    : Sgd.builder().lr(0.05).momentum(0.8).dampening(0.1).weightDecay(0.01).maximize(true).build();
            int n = 3 * 4096 + 123;
            Random r = new Random(11);
            float[] w = new float[n];
            for (int i = 0; i < n; i++) {
                w[i] = (float) r.nextGaussian();
            }
            INDArray param = Nd4j.createFromArray(w.clone());
            ParamState state = rule.initState(param);
            float[] v = new float[n];
            for (int step = 0; step < 3; step++) {
                float[] g = new float[n];
                for (int i = 0; i < n; i++) {
                    g[i] = (float) r.nextGaussian();
                }
                rule.apply(param, Nd4j.createFromArray(g), state, 0.05);
                for (int i = 0; i < n; i++) {
                    float d = rule.maximize() ? -g[i] : g[i];
                    d = Math.fma((float) rule.weightDecay(), w[i], d);
                    v[i] = step == 0 ? d : Math.fma((float) (1 - rule.dampening()), d, (float) rule.momentum() * v[i]);
                    d = nesterov ? Math.fma((float) rule.momentum(), v[i], d) : v[i];
                    w[i] = Math.fma((float) -0.05, d, w[i]);
                }
                assertArrayEquals(w, param.toFloatVector(), 0f, "nesterov " + nesterov + ", step " + step);
            }
        }
    }
}

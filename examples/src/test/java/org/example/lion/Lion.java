package org.example.lion;

import dev.descent.optim.ParamState;
import dev.descent.optim.UpdateRule;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A third-party update rule, written against Descent's public SPI only, as a plug-in jar would be:
 * Lion (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"), with the keyword names of
 * the lion-pytorch package ({@code lr=1e-4, betas=(0.9, 0.99), weight_decay=0}):
 * <pre>
 *   c = beta1 * m + (1 - beta1) * g
 *   p = p * (1 - lr * weight_decay) - lr * sign(c)
 *   m = beta2 * m + (1 - beta2) * g                 (state "exp_avg", saved in checkpoints)
 * </pre>
 * In ND4J ops, so it runs on every backend.
 */
public record Lion(double lr, double beta1, double beta2, double weightDecay) implements UpdateRule {
    static final String EXP_AVG = "exp_avg";
    private static final Set<String> KEYS = Set.of("lr", "betas", "weight_decay");

    public Lion {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("Invalid learning rate: " + lr + " (lr must be a finite number >= 0)");
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Invalid betas: (" + beta1 + ", " + beta2 + ") (each must lie in [0, 1))");
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("Invalid weight_decay value: " + weightDecay + " (must be >= 0)");
        }
    }

    static final Lion DEFAULTS = new Lion(1e-4, 0.9, 0.99, 0);

    @Override
    public String name() {
        return "lion";
    }

    @Override
    public Map<String, Object> hyperParameters() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lr", lr);
        m.put("betas", List.of(beta1, beta2));
        m.put("weight_decay", weightDecay);
        return m;
    }

    @Override
    public Lion withOverrides(Map<String, Object> o) {
        for (String k : o.keySet()) {
            if (!KEYS.contains(k)) {
                throw new IllegalArgumentException("Unknown hyper-parameter '" + k + "' for lion; it takes " + KEYS);
            }
        }
        double b1 = beta1;
        double b2 = beta2;
        if (o.get("betas") instanceof List<?> pair && pair.size() == 2) {
            b1 = ((Number) pair.get(0)).doubleValue();
            b2 = ((Number) pair.get(1)).doubleValue();
        }
        return new Lion(number(o, "lr", lr), b1, b2, number(o, "weight_decay", weightDecay));
    }

    private static double number(Map<String, Object> o, String key, double fallback) {
        Object v = o.get(key);
        return v == null ? fallback : ((Number) v).doubleValue();
    }

    @Override
    public ParamState initState(INDArray param) {
        ParamState s = new ParamState();
        s.putBuffer(EXP_AVG, param.like()); // zeros, the parameter's shape: what checkpoints expect
        return s;
    }

    @Override
    public void apply(INDArray param, INDArray grad, ParamState state, double stepLr) {
        INDArray m = state.buffer(EXP_AVG);
        INDArray c = state.scratch(param).assign(m).muli(beta1).addi(grad.mul(1 - beta1));
        if (weightDecay != 0) {
            param.muli(1 - stepLr * weightDecay);
        }
        param.subi(Transforms.sign(c, false).muli(stepLr));
        m.muli(beta2).addi(grad.mul(1 - beta2));
        state.setStep(state.step() + 1);
    }
}

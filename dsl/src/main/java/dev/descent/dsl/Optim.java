package dev.descent.dsl;

import dev.descent.optim.UpdateRules;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Optimizer specs by torch's names.
 *
 * <pre>{@code
 * Optim.sgd(0.01).momentum(0.9).nesterov()
 * Optim.adam(1e-3)
 * Optim.rule("rmsprop", Map.of("lr", 0.01, "alpha", 0.99))
 * }</pre>
 */
public final class Optim {
    private Optim() {
    }

    /** torch.optim.SGD with learning rate {@code lr}. */
    public static SgdSpec sgd(double lr) {
        return new SgdSpec(lr, 0, 0, 0, false, false);
    }

    /** ND4J's Adam behind our SPI (see {@code dev.descent.optim.Nd4jAdam} for how it differs from torch). */
    public static OptimizerSpec adam(double lr) {
        return rule("adam", Map.of("lr", lr));
    }

    /** AdamW (decoupled weight decay) with learning rate {@code lr}: {@code Optim.adamw(1e-3)}. */
    public static OptimizerSpec adamw(double lr) {
        return rule("adamw", Map.of("lr", lr));
    }

    /** RMSprop with learning rate {@code lr}: {@code Optim.rmsprop(0.01)}. */
    public static OptimizerSpec rmsprop(double lr) {
        return rule("rmsprop", Map.of("lr", lr));
    }

    /** Adagrad with learning rate {@code lr}: {@code Optim.adagrad(0.1)}. */
    public static OptimizerSpec adagrad(double lr) {
        return rule("adagrad", Map.of("lr", lr));
    }

    /** Any registered rule (built-in or plugged in through ServiceLoader) by name and torch keyword arguments. */
    public static OptimizerSpec rule(String name, Map<String, Object> hyperParameters) {
        Map<String, Object> copy = new LinkedHashMap<>(hyperParameters);
        return () -> UpdateRules.create(name, copy);
    }
}

package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Parameter-group overrides on every built-in rule: what a group does not override keeps the
 * defaults' value (true flags included), and a keyword the rule does not take is refused, by
 * {@code withOverrides} and by a group, naming the keyword and the rule.
 */
class GroupOverridesTest {

    /** Every built-in rule with every flag it has set to true (and non-default numbers). */
    private static List<UpdateRule> rulesWithFlagsOn() {
        return List.of(
                Sgd.builder().lr(0.1).momentum(0.9).weightDecay(0.01).nesterov(true).maximize(true).build(),
                UpdateRules.create("adam", Map.of("lr", 0.01, "amsgrad", true, "maximize", true, "weight_decay", 0.1)),
                UpdateRules.create("adamw", Map.of("lr", 0.01, "amsgrad", true, "maximize", true, "eps", 1e-6)),
                UpdateRules.create("rmsprop", Map.of("lr", 0.01, "centered", true, "maximize", true, "momentum", 0.5)),
                UpdateRules.create("adagrad", Map.of("lr", 0.01, "maximize", true, "lr_decay", 0.1)),
                UpdateRules.create("adadelta", Map.of("lr", 0.5, "maximize", true, "rho", 0.8)));
    }

    @Test
    void aGroupThatOverridesTheRateKeepsEveryOtherHyperParameterAndFlag() {
        for (UpdateRule rule : rulesWithFlagsOn()) {
            Map<String, INDArray> params = new LinkedHashMap<>();
            params.put("w", Nd4j.createFromArray(1f, 2f));
            params.put("b", Nd4j.createFromArray(3f));
            Optimizer opt = Optimizer.create(rule, params, List.of(new ParamGroup(List.of("b"), Map.of("lr", 0.5))));
            UpdateRule group = opt.rule(0);
            Map<String, Object> expected = new LinkedHashMap<>(rule.hyperParameters());
            expected.put("lr", 0.5);
            assertEquals(expected, group.hyperParameters(), rule.name());
            assertEquals(Boolean.TRUE, group.hyperParameters().get("maximize"), rule.name());
            assertEquals(rule, opt.rule(1), rule.name() + ": the parameters in no group keep the defaults");
            // an empty override is the defaults themselves
            assertEquals(rule, rule.withOverrides(Map.of()), rule.name());
        }
    }

    @Test
    void aGroupCanSwitchAFlagOff() {
        for (UpdateRule rule : rulesWithFlagsOn()) {
            UpdateRule off = rule.withOverrides(Map.of("maximize", false));
            assertEquals(Boolean.FALSE, off.hyperParameters().get("maximize"), rule.name());
            Map<String, Object> rest = new LinkedHashMap<>(rule.hyperParameters());
            rest.put("maximize", false);
            assertEquals(rest, off.hyperParameters(), rule.name());
        }
    }

    @Test
    void aMaximizingGroupAscendsWhereTheDefaultsDescend() {
        // sgd, lr 0.1, no momentum: descending moves p by -0.1 * g, the maximizing group by +0.1 * g
        Map<String, INDArray> params = new LinkedHashMap<>();
        params.put("w", Nd4j.createFromArray(1f));
        params.put("b", Nd4j.createFromArray(1f));
        Optimizer opt = Optimizer.create(Sgd.builder().lr(0.1).build(), params,
                List.of(new ParamGroup(List.of("b"), Map.of("maximize", true))));
        opt.step(Map.of("w", Nd4j.createFromArray(2f), "b", Nd4j.createFromArray(2f)));
        assertArrayEquals(new float[] {0.8f}, params.get("w").toFloatVector());
        assertArrayEquals(new float[] {1.2f}, params.get("b").toFloatVector());
    }

    @Test
    void everyRuleRefusesAKeywordItDoesNotTake() {
        // torch keywords this library does not implement, and other rules' keywords
        Map<String, List<String>> foreign = Map.of(
                "sgd", List.of("foreach", "betas", "amsgrad"),
                "adam", List.of("foreach", "capturable", "momentum", "nesterov"),
                "adamw", List.of("fused", "differentiable", "rho"),
                "rmsprop", List.of("foreach", "betas", "amsgrad"),
                "adagrad", List.of("foreach", "momentum", "centered"),
                "adadelta", List.of("foreach", "betas", "momentum"));
        for (UpdateRule rule : rulesWithFlagsOn()) {
            for (String key : foreign.get(rule.name())) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> rule.withOverrides(Map.of(key, 1.0)), rule.name() + " " + key);
                assertTrue(e.getMessage().startsWith("Unknown hyper-parameter '" + key + "' for " + rule.name() + "; it takes ["),
                        e.getMessage());
                assertTrue(e.getMessage().contains("lr"), e.getMessage());
                IllegalArgumentException viaGroup = assertThrows(IllegalArgumentException.class,
                        () -> Optimizer.create(rule, Map.of("w", Nd4j.createFromArray(1f)),
                                List.of(new ParamGroup(List.of("w"), Map.of(key, 1.0)))));
                assertEquals(e.getMessage(), viaGroup.getMessage());
            }
        }
    }

    @Test
    void everyRuleChecksTheRateDecayAndEpsilonItIsGiven() {
        for (UpdateRule rule : rulesWithFlagsOn()) {
            for (String key : List.of("lr", "weight_decay", "eps")) {
                if (!rule.hyperParameters().containsKey(key)) {
                    continue; // sgd has no eps
                }
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> rule.withOverrides(Map.of(key, -1.0)), rule.name() + " " + key);
                assertTrue(e.getMessage().startsWith("Invalid ") && e.getMessage().contains(": -1.0 ("),
                        rule.name() + ": " + e.getMessage());
            }
        }
    }

    @Test
    void everyRuleRefusesAFlagThatIsNotABoolean() {
        for (UpdateRule rule : rulesWithFlagsOn()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> rule.withOverrides(Map.of("maximize", "true")), rule.name());
            assertEquals("Invalid maximize value: true; maximize must be true or false", e.getMessage());
            IllegalArgumentException n = assertThrows(IllegalArgumentException.class,
                    () -> rule.withOverrides(Map.of("lr", "0.1")), rule.name());
            assertEquals("Invalid lr value: 0.1 (a String); lr must be a number", n.getMessage());
        }
    }
}

package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class UpdateRulesTest {

    @Test
    void builtInsAreDiscoveredThroughServiceLoader() {
        assertTrue(UpdateRules.names().containsAll(
                List.of("sgd", "adam", "adamw", "rmsprop", "adagrad", "adadelta")),
                UpdateRules.names().toString());
    }

    @Test
    void createsByCaseInsensitiveNameWithTorchKeywords() {
        UpdateRule r = UpdateRules.create("Adam", Map.of("lr", 0.01, "betas", List.of(0.8, 0.99)));
        Adam adam = assertInstanceOf(Adam.class, r);
        assertEquals(0.01, adam.lr());
        assertEquals(0.8, adam.beta1());
        assertEquals(0.99, adam.beta2());
        assertEquals(1e-8, adam.eps());
        assertEquals(false, adam.amsgrad());
        Sgd sgd = assertInstanceOf(Sgd.class, UpdateRules.create("sgd", Map.of("lr", 0.1, "momentum", 0.9)));
        assertEquals(0.9, sgd.momentum());
        assertEquals(1e-2, assertInstanceOf(AdamW.class, UpdateRules.create("adamw", Map.of())).weightDecay());
    }

    @Test
    void thirdPartyProviderFromTestResourcesIsFound() {
        assertTrue(UpdateRules.names().contains("signsgd"));
        UpdateRule r = UpdateRules.create("signsgd", Map.of("lr", 0.5));
        INDArray p = Nd4j.createFromArray(1f, 1f);
        Optimizer.create(r, Map.of("p", p)).step(Map.of("p", Nd4j.createFromArray(3f, -0.1f)));
        assertArrayEquals(new float[] {0.5f, 1.5f}, p.toFloatVector());
    }

    @Test
    void unknownNameListsKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UpdateRules.create("adamax", Map.of()));
        assertTrue(e.getMessage().contains("'adamax'"), e.getMessage());
        assertTrue(e.getMessage().contains("adam, adamw"), e.getMessage());
    }

    @Test
    void hyperParametersRoundTripThroughTheRegistry() {
        for (String name : List.of("adam", "adamw", "rmsprop", "adagrad", "adadelta", "sgd")) {
            UpdateRule r = UpdateRules.create(name, Map.of("lr", 0.05, "weight_decay", 0.001));
            assertEquals(name, r.name());
            assertEquals(r, UpdateRules.create(name, r.hyperParameters()), name);
            assertEquals(0.05, r.lr(), name);
        }
    }

    @Test
    void adaptiveRulesRejectWhatTorchRejectsWithTorchsWordsTheValueAndAFix() {
        assertRejects("adam", Map.of("lr", -0.1), "Invalid learning rate: -0.1 (");
        assertRejects("adam", Map.of("eps", -1.0), "Invalid epsilon value: -1.0 (");
        assertRejects("adam", Map.of("betas", List.of(1.0, 0.999)), "Invalid beta parameter at index 0: 1.0 (");
        assertRejects("adamw", Map.of("betas", List.of(0.9, -0.5)), "Invalid beta parameter at index 1: -0.5 (");
        assertRejects("adamw", Map.of("weight_decay", -0.01), "Invalid weight_decay value: -0.01 (");
        assertRejects("rmsprop", Map.of("momentum", -0.9), "Invalid momentum value: -0.9 (");
        assertRejects("rmsprop", Map.of("alpha", -0.5), "Invalid alpha value: -0.5 (");
        assertRejects("rmsprop", Map.of("lr", Double.NaN), "Invalid learning rate: NaN (");
        assertRejects("adagrad", Map.of("lr_decay", -1.0), "Invalid lr_decay value: -1.0 (");
        assertRejects("adagrad", Map.of("initial_accumulator_value", -0.1),
                "Invalid initial_accumulator_value value: -0.1 (");
        assertRejects("adadelta", Map.of("rho", 1.5), "Invalid rho value: 1.5 (");
        assertRejects("adadelta", Map.of("eps", Double.POSITIVE_INFINITY), "Invalid epsilon value: Infinity (");
        // torch's keywords only, betas a pair, flags booleans
        assertRejects("adam", Map.of("beta_1", 0.9), "Unknown hyper-parameter 'beta_1' for adam");
        assertRejects("adam", Map.of("betas", List.of(0.9)), "Invalid betas value: [0.9]");
        assertRejects("rmsprop", Map.of("centered", "yes"), "Invalid centered value: yes");
        assertRejects("adagrad", Map.of("momentum", 0.9), "Unknown hyper-parameter 'momentum' for adagrad");
        // torch accepts these, so do we: alpha above 1 (torch checks alpha >= 0 only), rho at its bounds
        assertEquals(1.5, assertInstanceOf(RmsProp.class, UpdateRules.create("rmsprop", Map.of("alpha", 1.5))).alpha());
        assertEquals(1.0, assertInstanceOf(Adadelta.class, UpdateRules.create("adadelta", Map.of("rho", 1.0))).rho());
    }

    private static void assertRejects(String rule, Map<String, Object> kwargs, String start) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UpdateRules.create(rule, kwargs));
        assertTrue(e.getMessage().startsWith(start), rule + " " + kwargs + ": " + e.getMessage());
        if (start.endsWith("(")) {
            assertTrue(e.getMessage().contains("e.g."), "the message suggests a value: " + e.getMessage());
        }
    }
}

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
}

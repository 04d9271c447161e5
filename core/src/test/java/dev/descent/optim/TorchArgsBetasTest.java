package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link TorchArgs#betas}' two spellings and {@link ParamGroup}'s one rule, at their edges. */
class TorchArgsBetasTest {

    @Test
    void betasComeAsAPairOrAsTwoNumbersNeverBoth() {
        assertArrayEquals(new double[] {0.8, 0.99}, TorchArgs.betas(Map.of("betas", new double[] {0.8, 0.99}), 0.9, 0.999));
        assertArrayEquals(new double[] {0.8, 0.99}, TorchArgs.betas(Map.of("betas", List.of(0.8, 0.99)), 0.9, 0.999));
        assertArrayEquals(new double[] {0.7, 0.999}, TorchArgs.betas(Map.of("beta1", 0.7), 0.9, 0.999));
        for (String single : List.of("beta1", "beta2")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> TorchArgs.betas(Map.of("betas", List.of(0.8, 0.99), single, 0.5), 0.9, 0.999));
            assertTrue(e.getMessage().startsWith("Give betas either as 'betas' (a pair) or as 'beta1'/'beta2', not both;"),
                    e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchArgs.betas(Map.of("betas", new double[] {0.8, 0.99, 0.5}), 0.9, 0.999));
        assertTrue(e.getMessage().startsWith("Invalid betas value: "), e.getMessage());
    }

    @Test
    void aParameterGroupNamesAtLeastOneParameter() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ParamGroup(List.of(), Map.of()));
        assertEquals("A parameter group needs at least one parameter name; got an empty list", e.getMessage());
    }
}

package dev.descent.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.data.Dataset;
import dev.descent.dsl.loss.Loss;
import dev.descent.graph.Expr;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.optim.Adadelta;
import dev.descent.optim.Adagrad;
import dev.descent.optim.Adam;
import dev.descent.optim.AdamW;
import dev.descent.optim.RmsProp;
import dev.descent.optim.UpdateRule;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The DSL's optimizer factories: torch's defaults, torch's keywords, torch's errors. */
class OptimizerSpecsTest {

    @Test
    void factoriesHaveTorchsDefaults() {
        assertEquals(new Adam(1e-3, 0.9, 0.999, 1e-8, 0, false, false), Descent.adam().build());
        assertEquals(new AdamW(1e-3, 0.9, 0.999, 1e-8, 1e-2, false, false), Descent.adamw().build());
        assertEquals(new RmsProp(1e-2, 0.99, 1e-8, 0, 0, false, false), Descent.rmsprop().build());
        assertEquals(new Adagrad(1e-2, 0, 0, 0, 1e-10, false), Descent.adagrad().build());
        assertEquals(new Adadelta(1.0, 0.9, 1e-6, 0, false), Descent.adadelta().build());
        assertEquals(3e-4, Descent.adam(3e-4).build().lr());
    }

    @Test
    void fluentOptionsAreTorchsKeywords() {
        assertEquals(new Adam(0.01, 0.8, 0.99, 1e-6, 1e-4, true, true),
                Descent.adam(0.01).betas(0.8, 0.99).eps(1e-6).weightDecay(1e-4).amsgrad().maximize().build());
        assertEquals(new AdamW(0.01, 0.9, 0.999, 1e-8, 0.05, false, false), Descent.adamw(0.01).weightDecay(0.05).build());
        assertEquals(new RmsProp(0.01, 0.9, 1e-6, 0.1, 0.5, true, true),
                Descent.rmsprop(0.01).alpha(0.9).eps(1e-6).weightDecay(0.1).momentum(0.5).centered().maximize().build());
        assertEquals(new Adagrad(0.1, 1e-3, 0.01, 0.1, 1e-8, true),
                Descent.adagrad(0.1).lrDecay(1e-3).weightDecay(0.01).initialAccumulatorValue(0.1).eps(1e-8).maximize()
                        .build());
        assertEquals(new Adadelta(0.5, 0.95, 1e-5, 0.01, true),
                Descent.adadelta(0.5).rho(0.95).eps(1e-5).weightDecay(0.01).maximize().build());
        UpdateRule byName = Descent.rule("adam", Map.of("lr", 0.01, "betas", List.of(0.8, 0.99))).build();
        assertEquals(new Adam(0.01, 0.8, 0.99, 1e-8, 0, false, false), byName);
        assertTrue(Descent.adam().betas(0.8, 0.99).toString().contains("betas=[0.8, 0.99]"),
                Descent.adam().betas(0.8, 0.99).toString());
    }

    @Test
    void invalidSettingsFailWithTorchsMessageWhenBuilt() {
        assertTrue(message(Descent.adam(-1)).startsWith("Invalid learning rate: -1.0"));
        assertTrue(message(Descent.adam().betas(1.0, 0.999)).startsWith("Invalid beta parameter at index 0: 1.0"));
        assertTrue(message(Descent.adamw().eps(-1e-8)).startsWith("Invalid epsilon value: -1.0E-8"));
        assertTrue(message(Descent.rmsprop().momentum(-0.1)).startsWith("Invalid momentum value: -0.1"));
        assertTrue(message(Descent.rmsprop().alpha(-0.5)).startsWith("Invalid alpha value: -0.5"));
        assertTrue(message(Descent.adagrad().lrDecay(-1)).startsWith("Invalid lr_decay value: -1.0"));
        assertTrue(message(Descent.adagrad().initialAccumulatorValue(-1))
                .startsWith("Invalid initial_accumulator_value value: -1.0"));
        assertTrue(message(Descent.adadelta().rho(1.5)).startsWith("Invalid rho value: 1.5"));
        assertTrue(message(Descent.adadelta().weightDecay(-2)).startsWith("Invalid weight_decay value: -2.0"));
    }

    private static String message(OptimizerSpec spec) {
        return assertThrows(IllegalArgumentException.class, spec::build).getMessage();
    }

    @Test
    void everyRuleTrainsALineThroughTheDsl() {
        float[][] xs = new float[40][1];
        float[][] ys = new float[40][1];
        for (int i = 0; i < 40; i++) {
            xs[i][0] = i / 20f - 1;
            ys[i][0] = 2 * xs[i][0] + 0.5f;
        }
        Dataset data = Dataset.of("x", Nd4j.createFromArray(xs), "y", Nd4j.createFromArray(ys));
        for (OptimizerSpec spec : List.of(Descent.adam(0.05), Descent.adamw(0.05).weightDecay(0), Descent.rmsprop(0.01),
                Descent.adagrad(0.5), Descent.adadelta(1.0).eps(1e-3))) {
            Expr x = Ops.input("x", Shape.ANY, 1);
            Expr w = Ops.param("w", Nd4j.zeros(DataType.FLOAT, 1, 1));
            Expr b = Ops.param("b", Nd4j.zeros(DataType.FLOAT, 1));
            try (Model m = Model.of(x.matmul(w).plus(b), Loss.mse())) {
                double first = m.fit(data, t -> t.optimizer(spec).fullBatch().steps(1).quiet()).steps().get(0).loss();
                double last = m.fit(data, t -> t.optimizer(spec).fullBatch().steps(300).quiet()).steps().get(299).loss();
                assertTrue(last < first * 0.01, spec + ": loss " + first + " -> " + last);
            }
        }
    }
}

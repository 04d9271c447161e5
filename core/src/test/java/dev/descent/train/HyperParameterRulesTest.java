package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Batching;
import dev.descent.data.SamplerState;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.optim.UpdateRules;
import dev.descent.store.TestModels;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hyper-parameter rule, one row each: the call, the text the message must start with or
 * contain (torch's wording where torch has one), and the offending value it must echo.
 */
class HyperParameterRulesTest {
    private static CompiledModel model;

    @BeforeAll
    static void compile() {
        model = GraphCompiler.compile(TestModels.mlp(1));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static Arguments row(String rule, Executable call, String expected, String echoed) {
        return Arguments.of(rule, call, expected, echoed);
    }

    static Stream<Arguments> rules() {
        double nan = Double.NaN;
        double inf = Double.POSITIVE_INFINITY;
        return Stream.of(
                // torch.optim.SGD: lr, momentum, weight_decay, nesterov (torch's exact prefixes)
                row("sgd lr negative", () -> Sgd.builder().lr(-0.1).build(), "Invalid learning rate: -0.1", "-0.1"),
                row("sgd lr NaN", () -> Sgd.builder().lr(nan).build(), "Invalid learning rate: NaN", "NaN"),
                row("sgd lr inf", () -> Sgd.builder().lr(inf).build(), "Invalid learning rate: Infinity", "Infinity"),
                row("sgd lr -inf", () -> Sgd.builder().lr(Double.NEGATIVE_INFINITY).build(), "Invalid learning rate: -Infinity", "-Infinity"),
                row("sgd lr missing", () -> Sgd.builder().momentum(0.9).build(), "Sgd needs a learning rate", "lr("),
                row("sgd momentum negative", () -> Sgd.builder().lr(0.1).momentum(-0.5).build(),
                        "Invalid momentum value: -0.5", "-0.5"),
                row("sgd momentum NaN", () -> Sgd.builder().lr(0.1).momentum(nan).build(), "Invalid momentum value: NaN", "NaN"),
                row("sgd momentum inf", () -> Sgd.builder().lr(0.1).momentum(inf).build(),
                        "Invalid momentum value: Infinity", "Infinity"),
                row("sgd weight_decay negative", () -> Sgd.builder().lr(0.1).weightDecay(-1e-4).build(),
                        "Invalid weight_decay value: -1.0E-4", "-1.0E-4"),
                row("sgd weight_decay NaN", () -> Sgd.builder().lr(0.1).weightDecay(nan).build(),
                        "Invalid weight_decay value: NaN", "NaN"),
                row("sgd dampening NaN", () -> Sgd.builder().lr(0.1).momentum(0.9).dampening(nan).build(),
                        "Invalid dampening value: NaN", "NaN"),
                row("sgd dampening inf", () -> Sgd.builder().lr(0.1).dampening(inf).build(),
                        "Invalid dampening value: Infinity", "Infinity"),
                row("sgd nesterov without momentum", () -> Sgd.builder().lr(0.1).nesterov(true).build(),
                        "Nesterov momentum requires a momentum and zero dampening", "momentum=0.0"),
                row("sgd nesterov with dampening", () -> Sgd.builder().lr(0.1).momentum(0.9).dampening(0.1).nesterov(true).build(),
                        "Nesterov momentum requires a momentum and zero dampening", "dampening=0.1"),
                row("sgd nesterov with NaN momentum", () -> Sgd.builder().lr(0.1).momentum(nan).nesterov(true).build(),
                        "Invalid momentum value: NaN", "NaN"),
                row("sgd unknown torch keyword", () -> UpdateRules.create("sgd", Map.of("lrr", 0.1)), "Unknown hyper-parameter 'lrr'", "lrr"),
                row("sgd torch keyword of wrong type", () -> UpdateRules.create("sgd", Map.of("lr", "fast")), "Invalid lr value: fast", "fast"),
                row("optimizer setLr negative", () -> Optimizer.create(Sgd.builder().lr(0.1).build(), model.parameters()).setLr(0, -2.5),
                        "Invalid learning rate: -2.5", "-2.5"),
                row("optimizer setLr NaN", () -> Optimizer.create(Sgd.builder().lr(0.1).build(), model.parameters()).setLr(0, nan),
                        "Invalid learning rate: NaN", "NaN"),
                // StopRule
                row("maxSteps 0", () -> StopRule.maxSteps(0), "Invalid maxSteps: 0", "0"),
                row("maxSteps negative", () -> StopRule.maxSteps(-7), "Invalid maxSteps: -7", "-7"),
                row("maxEpochs 0", () -> StopRule.maxEpochs(0), "Invalid maxEpochs: 0", "0"),
                row("lossBelow NaN", () -> StopRule.lossBelow(nan), "Invalid loss target: NaN", "NaN"),
                row("lossBelow inf", () -> StopRule.lossBelow(inf), "Invalid loss target: Infinity", "Infinity"),
                row("paramTolerance 0", () -> StopRule.paramTolerance(0), "Invalid tolerance: 0.0", "0.0"),
                row("paramTolerance NaN", () -> StopRule.paramTolerance(nan), "Invalid tolerance: NaN", "NaN"),
                row("paramTolerance inf", () -> StopRule.paramTolerance(inf), "Invalid tolerance: Infinity", "Infinity"),
                row("plateau patience 0", () -> StopRule.plateau(0, 0.1), "Invalid patience: 0", "0"),
                row("plateau minDelta negative", () -> StopRule.plateau(2, -1), "Invalid minDelta: -1.0", "-1.0"),
                row("plateau minDelta NaN", () -> StopRule.plateau(2, nan), "Invalid minDelta: NaN", "NaN"),
                // Trainer.Builder
                row("trainer without optimizer", () -> Trainer.create(model, TrainingPlan.builder().steps(1).build()),
                        "A trainer needs an optimizer", "optimizer("),
                row("trainer without stop rule", () -> Trainer.create(model, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.1).build()).build()),
                        "A trainer needs a stop rule", "steps("),
                row("trainer trajectory stride negative", () -> TrainingPlan.builder().optimizer(Sgd.builder().lr(0.1).build()).steps(1).trajectoryStride(-1).build(),
                        "Invalid trajectory stride: -1", "-1"),
                // Batching
                row("mini-batch size 0", () -> Batching.miniBatch(0), "Invalid batch size: 0", "0"),
                row("mini-batch size negative", () -> Batching.miniBatch(-3), "Invalid batch size: -3", "-3"),
                row("with replacement without shuffle", () -> Batching.miniBatch(4).shuffle(false).withReplacement(true),
                        "withReplacement=true requires shuffle=true", "shuffle=false"),
                row("drop-last batch larger than data", () -> Batching.miniBatch(100).dropLast(true).sampler(50),
                        "batch_size 100 is larger than the dataset size 50", "100"),
                row("dataset size 0", () -> Batching.fullBatch().sampler(0), "Invalid dataset size: 0", "0"),
                row("replay without batches", () -> Batching.replay(List.of()), "replay batches must not be empty", "empty"),
                row("replay empty batch", () -> Batching.replay(List.of(new int[] {1}, new int[0])), "replay batch 1 is empty", "1"),
                row("replay index out of range", () -> Batching.replay(List.of(new int[] {0, 9})).sampler(5),
                        "replay batch 0 has index 9", "9"),
                row("sampler state negative epoch", () -> new SamplerState("x", 5, -1, 0, 0), "Invalid epoch: -1", "-1"),
                row("sampler state negative step", () -> new SamplerState("x", 5, 0, -2, 0), "Invalid stepInEpoch: -2", "-2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void ruleIsEnforcedWithAMessageThatEchoesTheValue(String rule, Executable call, String expected, String echoed) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call, rule);
        String m = e.getMessage();
        assertFalse(m == null || m.isBlank(), rule + ": empty message");
        assertTrue(m.contains(expected), rule + ": message \"" + m + "\" lacks \"" + expected + "\"");
        assertTrue(m.contains(echoed), rule + ": message \"" + m + "\" does not echo " + echoed);
        if (expected.startsWith("Invalid learning rate") || expected.startsWith("Nesterov")) {
            assertTrue(m.startsWith(expected.startsWith("Nesterov") ? "Nesterov momentum requires a momentum and zero dampening"
                    : "Invalid learning rate: "), rule + ": torch's wording must come first: " + m);
        }
    }
}

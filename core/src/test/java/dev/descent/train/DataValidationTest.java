package dev.descent.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import dev.descent.compile.CompiledModel;
import dev.descent.compile.GraphCompiler;
import dev.descent.data.Dataset;
import dev.descent.store.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bad data (wrong shape, rank or dtype, missing or unknown inputs, no samples) is refused by our
 * own exception, naming the input with the expected and the actual shape, before anything native
 * runs; no message is empty and nothing is printed to stdout.
 */
class DataValidationTest {
    private static CompiledModel model;

    @BeforeAll
    static void compile() {
        model = GraphCompiler.compile(TestModels.mlp(8));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static Map<String, INDArray> batch(INDArray x, INDArray y) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        if (x != null) {
            m.put("x", x);
        }
        if (y != null) {
            m.put("y", y);
        }
        return m;
    }

    static Stream<Arguments> badBatches() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 4);
        INDArray y = Nd4j.rand(DataType.FLOAT, 5, 2);
        Map<String, INDArray> unknown = batch(x, y);
        unknown.put("z", Nd4j.zeros(5));
        return Stream.of(
                Arguments.of("wrong width", batch(Nd4j.rand(DataType.FLOAT, 5, 3), y), List.of("'x'", "[5, 3]", "[batch, 4]")),
                Arguments.of("wrong rank", batch(Nd4j.rand(DataType.FLOAT, 20), y), List.of("'x'", "[20]", "[batch, 4]", "rank 2")),
                Arguments.of("rank 3", batch(Nd4j.rand(DataType.FLOAT, 5, 4, 1), y), List.of("'x'", "[5, 4, 1]", "[batch, 4]")),
                Arguments.of("label width", batch(x, Nd4j.rand(DataType.FLOAT, 5, 3)), List.of("'y'", "[5, 3]", "[batch, 2]")),
                Arguments.of("boolean dtype", batch(Nd4j.ones(DataType.BOOL, 5, 4), y), List.of("'x'", "BOOL")),
                Arguments.of("missing input", batch(x, null), List.of("Missing input 'y'", "[batch, 2]")),
                Arguments.of("unknown input", unknown, List.of("Unknown input 'z'", "[x, y]")),
                Arguments.of("batch sizes disagree", batch(x, Nd4j.rand(DataType.FLOAT, 4, 2)), List.of("'x'", "'y'", "5", "4")),
                Arguments.of("no samples", batch(Nd4j.create(DataType.FLOAT, 0, 4), Nd4j.create(DataType.FLOAT, 0, 2)),
                        List.of("'x'", "empty", "[0, 4]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBatches")
    void badBatchIsRefusedWithANamedShapeAndNothingOnStdout(String what, Map<String, INDArray> batch, List<String> expected) {
        String before = TestModels.hash(model.parameters());
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        DescentException training;
        DescentException inference;
        try {
            training = assertThrows(DescentException.class, () -> model.computeGradients(batch), what);
            // inference needs only x: problems confined to the label y are not its business
            boolean xOnly = what.equals("label width") || what.equals("missing input") || what.equals("batch sizes disagree");
            inference = xOnly ? training : assertThrows(DescentException.class, () -> model.output(batch, List.of("pred")), what);
            if (xOnly) {
                assertEquals(5, model.output(batch, List.of("pred")).get("pred").rows());
            }
        } finally {
            System.setOut(original);
        }
        for (DescentException e : List.of(training, inference)) {
            assertFalse(e.getMessage() == null || e.getMessage().isBlank(), what + ": empty message");
        }
        for (String s : expected) {
            assertTrue(training.getMessage().contains(s), what + ": \"" + training.getMessage() + "\" lacks " + s);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8), what + ": printed to stdout");
        assertEquals(before, TestModels.hash(model.parameters()), what + ": parameters changed");
    }

    @org.junit.jupiter.api.Test
    void trainerReportsBadDatasetsWithTheInputName() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            Trainer t = TestModels.trainer(model, 8, 3);
            Dataset narrow = Dataset.of("x", Nd4j.rand(DataType.FLOAT, 10, 3), "y", Nd4j.rand(DataType.FLOAT, 10, 2));
            DescentException e = assertThrows(DescentException.class, () -> t.fit(narrow));
            assertTrue(e.getMessage().contains("'x'") && e.getMessage().contains("[8, 3]"), e.getMessage());
            assertEquals(0, t.steps());
            IllegalArgumentException empty = assertThrows(IllegalArgumentException.class,
                    () -> Dataset.of("x", Nd4j.create(DataType.FLOAT, 0, 4), "y", Nd4j.create(DataType.FLOAT, 0, 2)));
            assertTrue(empty.getMessage().contains("no samples"), empty.getMessage());
            IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                    () -> Dataset.of("x", Nd4j.rand(DataType.FLOAT, 10, 4), "y", Nd4j.rand(DataType.FLOAT, 9, 2)));
            assertTrue(rows.getMessage().contains("10") && rows.getMessage().contains("9"), rows.getMessage());
        } finally {
            System.setOut(original);
        }
        assertEquals("", captured.toString(StandardCharsets.UTF_8));
    }
}

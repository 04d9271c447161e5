package dev.descent.dsl;

import static dev.descent.dsl.Descent.sequential;
import static dev.descent.dsl.Descent.sgd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import dev.descent.data.Csv;
import dev.descent.data.Dataset;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.metric.Metric;
import dev.descent.dsl.nn.Activation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A CSV with a header and string class names trains, predicts names, and keeps them in the model file. */
class CsvClassesTest {

    static final String[] SPECIES = {"virginica", "setosa", "versicolor"};

    /** 90 rows of three well-separated clusters, species as names, an id column. */
    static Path irisLike(Path dir) throws IOException {
        StringBuilder s = new StringBuilder("id,sepal_length,sepal_width,petal_length,petal_width,species\n");
        dev.descent.data.Rng rng = new dev.descent.data.Rng(3);
        for (int i = 0; i < 90; i++) {
            int c = i % 3;
            s.append("s").append(i);
            for (int j = 0; j < 4; j++) {
                s.append(',').append((float) (c * 2 + (j % 2) + 0.3 * rng.nextGaussian()));
            }
            s.append(',').append(SPECIES[c]).append('\n');
        }
        Path f = dir.resolve("iris.csv");
        Files.writeString(f, s);
        return f;
    }

    @Test
    void irisWithSpeciesNamesTrainsAndAnswersWithNames(@TempDir Path dir) throws IOException {
        Dataset iris = Csv.builder().path(irisLike(dir)).target("species").skipColumns("id").classIndex().read();
        Path file = dir.resolve("iris.descent");
        List<String> predicted;
        try (Model model = Model.of(sequential(s -> s.input(4).dense(16, Activation.relu()).dense(3).seed(1)), Loss.crossEntropy())) {
            model.fit(iris, t -> t.optimizer(sgd(0.1).momentum(0.9)).miniBatch(16).seed(7).epochs(40).quiet());
            assertEquals(List.of("setosa", "versicolor", "virginica"), model.classLabels());
            assertEquals(1.0, model.evaluate(iris, Metric.accuracy()).get("accuracy"));
            predicted = model.predictLabels(iris.array("x"));
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 90; i++) {
                expected.add(SPECIES[i % 3]);
            }
            assertEquals(expected, predicted);
            model.save(file);
        }
        try (Model loaded = Model.load(file)) {
            assertEquals(List.of("setosa", "versicolor", "virginica"), loaded.classLabels());
            assertEquals(predicted, loaded.predictLabels(iris.array("x")));
        }
    }

    @Test
    void aModelWithoutNamesSaysHowToGetThem() {
        try (Model model = Model.of(sequential(s -> s.input(2).dense(3).seed(1)), Loss.crossEntropy())) {
            assertTrue(model.classLabels().isEmpty());
            DescentException e = assertThrows(DescentException.class,
                    () -> model.predictLabels(org.nd4j.linalg.factory.Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 2)));
            assertTrue(e.getMessage().contains("no class names") && e.getMessage().contains("classIndex()"), e.getMessage());
        }
    }
}

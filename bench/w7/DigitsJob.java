// W7, the whole job as a user times it, written with Descent's Java DSL as a user would: the digits
// from CSV, an 80/20 seeded split standardised with the training part's statistics, a 64-32-10 ReLU
// MLP, cross-entropy, SGD lr 0.05 momentum 0.9 on shuffled mini-batches of 32 for 10 epochs, the
// held-out accuracy, the model saved. One JSON line per result; exit status 1 below 0.9 accuracy.
//
//   ./descent run bench/w7/DigitsJob.java [CSV] [OUT_DIR]
import static dev.descent.dsl.Descent.*;

import dev.descent.data.Csv;
import dev.descent.data.Dataset;
import dev.descent.data.Split;
import dev.descent.data.Standardizer;
import dev.descent.dsl.Model;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.metric.Metric;
import dev.descent.dsl.nn.Activation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

public class DigitsJob {
    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args.length > 0 ? args[0] : "examples/src/main/resources/datasets/digits.csv.gz");
        Path out = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("w7-descent-");
        Split split = Csv.builder().path(csv).header(false).classIndex().read().split(0.8, 1);
        Standardizer st = Standardizer.fit(split.train().array("x"));
        Dataset train = Dataset.of("x", st.transform(split.train().array("x")), "y", split.train().array("y"));
        Dataset test = Dataset.of("x", st.transform(split.validation().array("x")), "y", split.validation().array("y"));
        try (Model model = Model.of(sequential(s -> s.input(64).dense(32, Activation.relu()).dense(10).seed(1)),
                Loss.crossEntropy())) {
            model.fit(train, t -> t.optimizer(sgd(0.05).momentum(0.9)).miniBatch(32).seed(1).epochs(10).quiet());
            var scores = model.evaluate(test, Metric.accuracy());
            model.save(out.resolve("digits-mlp.descent"));
            double accuracy = scores.get("accuracy");
            emit("test_accuracy", accuracy, "fraction");
            emit("test_loss", scores.get("loss"), "nats");
            emit("ok", accuracy >= 0.9 ? 1 : 0, "bool");
            if (accuracy < 0.9) {
                System.exit(1);
            }
        }
    }

    static void emit(String metric, double value, String unit) {
        System.out.printf(Locale.ROOT, "{\"impl\": \"ours\", \"workload\": \"W7\", \"metric\": \"%s\", \"value\": %s, \"unit\": \"%s\"}%n",
                metric, value, unit);
    }
}

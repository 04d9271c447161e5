// Linear regression with the DSL: fit y = w·x + b to 200 noisy points of y = 3x - 0.5
// (mini-batches of 20, SGD with momentum), then report the fitted line and R² on fresh points.
//
//   ./descent run examples/scripts/Regression.java [epochs]
import static dev.descent.dsl.Descent.*;

import dev.descent.data.Rng;
import dev.descent.dsl.Model;
import dev.descent.dsl.loss.Loss;
import dev.descent.dsl.metric.Metric;
import dev.descent.graph.Expr;
import dev.descent.train.History;

public class Regression {
    /** n points of y = 3x - 0.5 + noise, x evenly spread over [-1, 1]. */
    static double[][] line(int n, long seed) {
        Rng rng = new Rng(seed);
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = -1 + 2.0 * i / (n - 1);
            ys[i] = 3 * xs[i] - 0.5 + 0.1 * rng.nextGaussian();
        }
        return new double[][] {xs, ys};
    }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        Expr x = input("x", 1);
        Expr w = param("w", 0.0);
        Expr b = param("b", 0.0);
        double[][] train = line(200, 1);
        double[][] test = line(50, 2);
        try (Model model = Model.of(x.times(w).plus(b), Loss.mse())) {
            History h = model.fit(data("x", column(train[0]), "y", column(train[1])),
                    t -> t.optimizer(sgd(0.05).momentum(0.9)).miniBatch(20).seed(3).epochs(epochs).quiet());
            double r2 = model.evaluate(data("x", column(test[0]), "y", column(test[1])), Metric.r2()).get("r2");
            System.out.printf("epochs %d, steps %d%n", h.epochs().size(), h.steps().size());
            System.out.printf("w = %.3f, b = %.3f (true 3, -0.5)%n", model.parameters().get("w").getDouble(0),
                    model.parameters().get("b").getDouble(0));
            System.out.printf("final loss %.4f, test R2 %.4f%n", h.finalLoss(), r2);
        }
    }
}

// The source material's two seed steps: pred = w·x, MSE, SGD lr 0.001, one full-batch step from w = 100.
// One sample x = y = 1 gives 99.8020; x = y = 1..10 as one batch gives 92.3770.
//
//   ./descent run examples/scripts/Seeds.java
import static dev.descent.dsl.Descent.*;

import dev.descent.dsl.Model;
import dev.descent.dsl.loss.Loss;
import dev.descent.graph.Expr;
import org.nd4j.linalg.api.ndarray.INDArray;

public class Seeds {
    /** w after one gradient-descent step from 100 on x = y = {@code xs}. */
    static double stepFrom100(double... xs) {
        Expr x = input("x", 1);
        Expr w = param("w", new float[][] {{100f}});
        try (Model model = Model.of(matmul(x, w), Loss.mse())) {
            INDArray data = column(xs);
            model.fit(data("x", data, "y", data), t -> t.optimizer(sgd(0.001)).steps(1).quiet());
            return model.parameters().get("w").getDouble(0);
        }
    }

    public static void main(String[] args) {
        System.out.printf("one sample (x = y = 1):        w = 100 -> %.4f%n", stepFrom100(1));
        System.out.printf("batch of ten (x = y = 1..10):  w = 100 -> %.4f%n", stepFrom100(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
    }
}

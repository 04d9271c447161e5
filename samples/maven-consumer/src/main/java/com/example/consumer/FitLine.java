package com.example.consumer;

import static dev.descent.dsl.Descent.*;

import dev.descent.dsl.Model;
import dev.descent.dsl.loss.Loss;
import dev.descent.graph.Expr;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Fits y = 2x + 1 with mini-batch SGD and momentum, and says whether it found the line. */
public final class FitLine {
    public static void main(String[] args) {
        double[] xs = new double[64];
        double[] ys = new double[64];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i / 32.0 - 1;
            ys[i] = 2 * xs[i] + 1;
        }
        Expr x = input("x", 1);
        Expr w = param("w", 0.0);
        Expr b = param("b", 0.0);
        try (Model model = Model.of(x.times(w).plus(b), Loss.mse())) {
            INDArray xa = column(xs);
            INDArray ya = column(ys);
            model.fit(data("x", xa, "y", ya), t -> t
                    .optimizer(sgd(0.1).momentum(0.9))
                    .miniBatch(16).seed(7)
                    .epochs(60)
                    .quiet());
            double wv = model.parameters().get("w").getDouble(0);
            double bv = model.parameters().get("b").getDouble(0);
            System.out.printf("fitted y = %.4f x + %.4f%n", wv, bv);
            if (Math.abs(wv - 2) > 1e-3 || Math.abs(bv - 1) > 1e-3) {
                System.out.println("FAILED: expected y = 2x + 1");
                System.exit(1);
            }
            System.out.println("OK");
        }
    }
}

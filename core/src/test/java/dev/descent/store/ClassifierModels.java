package dev.descent.store;

import dev.descent.compile.CompiledModel;
import dev.descent.data.Batching;
import dev.descent.data.Dataset;
import dev.descent.data.Rng;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.optim.Sgd;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The resume case: a 5-16-3 MLP (tanh or ReLU) with a mean cross-entropy over class
 * indices (log-softmax, one-hot weights: the chain the DSL's {@code Loss.crossEntropy()} builds,
 * which the step kernels fuse), plain SGD lr 0.05, shuffled mini-batches of 8 out of 100 samples
 * (13 steps per epoch, the last one of 4 samples, so two batch shapes and two plans).
 */
final class ClassifierModels {
    static final int SAMPLES = 100;

    private ClassifierModels() {
    }

    static ModelGraph mlp(String activation, long seed) {
        Rng rng = new Rng(seed);
        Expr x = Ops.input("x", Shape.ANY, 5);
        Expr y = Ops.indexInput("y", Shape.ANY);
        Expr w1 = Ops.param("w1", gaussian(rng, 0.4, 5, 16));
        Expr b1 = Ops.param("b1", gaussian(rng, 0.1, 16));
        Expr w2 = Ops.param("w2", gaussian(rng, 0.4, 16, 3));
        Expr b2 = Ops.param("b2", gaussian(rng, 0.1, 3));
        Expr z = x.matmul(w1).plus(b1);
        Expr h = switch (activation) {
            case "tanh" -> Ops.tanh(z);
            case "relu" -> Ops.relu(z);
            default -> throw new IllegalArgumentException("activation " + activation);
        };
        Expr logits = h.matmul(w2).plus(b2);
        Expr loss = Ops.mean(Ops.neg(Ops.sum(Ops.logSoftmax(logits, 1).times(Ops.oneHot(y, 3)), false, 1)));
        return ModelGraph.builder().output("logits", logits).loss(loss).build();
    }

    /** 100 samples x ~ N(0, 1) in 5 features, 3 classes from two thresholds. */
    static Dataset data() {
        Rng rng = new Rng(9);
        float[][] xs = new float[SAMPLES][5];
        long[] ys = new long[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            for (int j = 0; j < 5; j++) {
                xs[i][j] = (float) rng.nextGaussian();
            }
            ys[i] = (xs[i][0] + xs[i][1] > 0 ? 1 : 0) + (xs[i][2] > 0.5 ? 1 : 0);
        }
        return Dataset.of("x", Nd4j.createFromArray(xs), "y", Nd4j.createFromArray(ys));
    }

    static Trainer trainer(CompiledModel model, long steps) {
        return Trainer.create(model, TrainingPlan.builder().optimizer(Sgd.builder().lr(0.05).build())
                .batching(Batching.miniBatch(8).seed(3)).steps(steps).build());
    }

    private static INDArray gaussian(Rng rng, double scale, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (scale * rng.nextGaussian());
        }
        return Nd4j.createFromArray(v).reshape(shape);
    }
}

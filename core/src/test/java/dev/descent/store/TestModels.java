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
import dev.descent.optim.UpdateRules;
import dev.descent.train.Trainer;
import dev.descent.train.TrainingPlan;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The small model the store, serve and train tests share: a 4-8-2 tanh MLP fitted by mean squared
 * error with momentum SGD (Nesterov, weight decay) on shuffled mini-batches of 8 out of 50 samples,
 * so the optimizer state, the epoch permutation and the offset in it all matter on resume.
 */
public final class TestModels {
    public static final int SAMPLES = 50;
    public static final int BATCH = 8;

    private TestModels() {
    }

    /** The graph with parameters drawn from {@code seed}. */
    public static ModelGraph mlp(long seed) {
        Rng rng = new Rng(seed);
        Expr x = Ops.input("x", Shape.ANY, 4);
        Expr y = Ops.input("y", Shape.ANY, 2);
        Expr w1 = Ops.param("w1", gaussian(rng, 0.5, 4, 8));
        Expr b1 = Ops.param("b1", gaussian(rng, 0.1, 8));
        Expr w2 = Ops.param("w2", gaussian(rng, 0.5, 8, 2));
        Expr b2 = Ops.param("b2", gaussian(rng, 0.1, 2));
        Expr pred = Ops.tanh(x.matmul(w1).plus(b1)).matmul(w2).plus(b2);
        return ModelGraph.builder().output("pred", pred).loss(Ops.mean(Ops.square(pred.minus(y)))).build();
    }

    /** Features x ~ N(0, 1) of shape [n, 4] and targets y = [sin(x0 + x1), x2 * x3 / 2]. */
    public static Dataset data(long seed, int n) {
        Rng rng = new Rng(seed ^ 0x5DEECE66DL);
        float[][] xs = new float[n][4];
        float[][] ys = new float[n][2];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 4; j++) {
                xs[i][j] = (float) rng.nextGaussian();
            }
            ys[i][0] = (float) StrictMath.sin(xs[i][0] + xs[i][1]);
            ys[i][1] = xs[i][2] * xs[i][3] / 2;
        }
        return Dataset.of("x", Nd4j.createFromArray(xs), "y", Nd4j.createFromArray(ys));
    }

    /** The shared optimizer: momentum 0.9, Nesterov, weight decay; lr 0.05. */
    public static Sgd sgd() {
        return Sgd.builder().lr(0.05).momentum(0.9).nesterov(true).weightDecay(1e-4).build();
    }

    /**
     * Adam with state worth checkpointing: amsgrad and coupled weight decay by default, and
     * parameter groups with their own betas and learning rate (w1) and without amsgrad (b1).
     */
    public static Trainer adamTrainer(CompiledModel model, long seed, long maxSteps) {
        return Trainer.create(model, TrainingPlan.builder()
                .optimizer(UpdateRules.create("adam", Map.of("lr", 0.01, "amsgrad", true, "weight_decay", 1e-3)))
                .group(java.util.List.of("w1"), Map.of("betas", java.util.List.of(0.8, 0.99), "lr", 0.02))
                .group(java.util.List.of("b1"), Map.of("amsgrad", false))
                .batching(Batching.miniBatch(BATCH).seed(seed)).steps(maxSteps).build());
    }

    /** A trainer over {@code model} that stops after {@code maxSteps} steps in total. */
    public static Trainer trainer(CompiledModel model, long seed, long maxSteps) {
        return Trainer.create(model, TrainingPlan.builder().optimizer(sgd()).batching(Batching.miniBatch(BATCH).seed(seed))
                .steps(maxSteps).build());
    }

    /** Random [rows, 4] features. */
    public static INDArray features(Rng rng, int rows) {
        return gaussian(rng, 1.0, rows, 4);
    }

    /** SHA-256 (hex) of every parameter's float32 bits, in the map's order. */
    public static String hash(Map<String, INDArray> params) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, INDArray> e : params.entrySet()) {
                md.update(e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                float[] v = e.getValue().dup().data().asFloat();
                ByteBuffer buf = ByteBuffer.allocate(v.length * 4);
                for (float f : v) {
                    buf.putInt(Float.floatToRawIntBits(f));
                }
                md.update(buf.array());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

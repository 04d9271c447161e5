package dev.descent.dsl;

import dev.descent.optim.UpdateRules;
import dev.descent.train.EarlyStopping;
import java.util.Map;

import dev.descent.data.Dataset;
import dev.descent.dsl.nn.Sequential;
import dev.descent.graph.Expr;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import java.util.function.Consumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One import for model scripts: inputs, parameters, operations, networks, optimizers and data.
 *
 * <pre>{@code
 * import static dev.descent.dsl.Descent.*;
 *
 * Expr x = input("x", 1);                     // [batch, 1]
 * Expr w = param("w", 0.0);
 * Expr b = param("b", 0.0);
 * Model m = Model.of(x.times(w).plus(b), Loss.mse());
 * m.fit(data("x", xs, "y", ys), t -> t.optimizer(sgd(0.1)).epochs(100));
 * }</pre>
 *
 * In Kotlin, {@code import dev.descent.dsl.Descent.*}; {@link Expr}'s operator-named methods make
 * the same model read
 *
 * <pre>{@code
 * val pred = x * w + b
 * Model.of(pred, Loss.mse()).use { m ->
 *     m.fit(data("x", column(*xs), "y", column(*ys))) { it.optimizer(sgd(0.1)).epochs(100).quiet() }
 * }
 * }</pre>
 */
public final class Descent {
    /** The batch dimension, for shapes. */
    public static final long BATCH = Shape.ANY;

    private Descent() {
    }

    /** A float input with a leading batch dimension: {@code input("x", 784)} is [batch, 784]. */
    public static Expr input(String name, long... featureDims) {
        long[] dims = new long[featureDims.length + 1];
        dims[0] = Shape.ANY;
        System.arraycopy(featureDims, 0, dims, 1, featureDims.length);
        return Ops.input(name, dims);
    }

    /** Class indices, one per sample ([batch]). */
    public static Expr labels(String name) {
        return Ops.indexInput(name, Shape.ANY);
    }

    /** A scalar parameter. */
    public static Expr param(String name, double initial) {
        return Ops.param(name, Nd4j.scalar((float) initial));
    }

    /** A parameter with an explicit initial value. */
    public static Expr param(String name, INDArray initial) {
        return Ops.param(name, initial);
    }

    /** A matrix parameter from rows. */
    public static Expr param(String name, float[][] initial) {
        return Ops.param(name, Nd4j.createFromArray(initial));
    }

    /** A vector parameter. */
    public static Expr param(String name, float[] initial) {
        return Ops.param(name, Nd4j.createFromArray(initial));
    }

    /** A zero-initialised parameter of the given shape. */
    public static Expr zeros(String name, long... shape) {
        return Ops.param(name, Nd4j.zeros(DataType.FLOAT, shape));
    }

    /** A scalar constant: {@code x.times(constant(0.5))}; operators also take plain numbers ({@code x.times(0.5)}). */
    public static Expr constant(double value) {
        return Ops.constant(value);
    }

    /** Elementwise e^x: {@code exp(x.times(-1))}. */
    public static Expr exp(Expr e) {
        return Ops.exp(e);
    }

    /** Elementwise natural logarithm: {@code log(p)}. */
    public static Expr log(Expr e) {
        return Ops.log(e);
    }

    /** Elementwise hyperbolic tangent: {@code tanh(x.matmul(w))}. */
    public static Expr tanh(Expr e) {
        return Ops.tanh(e);
    }

    /** Elementwise logistic function 1 / (1 + e^-x): {@code sigmoid(x.matmul(w).plus(b))}. */
    public static Expr sigmoid(Expr e) {
        return Ops.sigmoid(e);
    }

    /** Elementwise max(x, 0): {@code relu(x.matmul(w))}. */
    public static Expr relu(Expr e) {
        return Ops.relu(e);
    }

    /** Elementwise |x|: {@code mean(abs(pred.minus(y)))} is an L1 loss. */
    public static Expr abs(Expr e) {
        return Ops.abs(e);
    }

    /** Elementwise square root: {@code sqrt(square(a).plus(square(b)))}. */
    public static Expr sqrt(Expr e) {
        return Ops.sqrt(e);
    }

    /** Elementwise sine: {@code sin(x.times(w))}. */
    public static Expr sin(Expr e) {
        return Ops.sin(e);
    }

    /** Elementwise cosine: {@code cos(x.times(w))}. */
    public static Expr cos(Expr e) {
        return Ops.cos(e);
    }

    /** Elementwise x²: {@code square(a).plus(square(b))} is the bowl a² + b². */
    public static Expr square(Expr e) {
        return Ops.square(e);
    }

    /** The sum of all elements, a scalar: {@code sum(square(w))}. */
    public static Expr sum(Expr e) {
        return Ops.sum(e);
    }

    /** The mean of all elements, a scalar: {@code mean(square(pred.minus(y)))} is the MSE. */
    public static Expr mean(Expr e) {
        return Ops.mean(e);
    }

    /** Sum over the given axes. */
    public static Expr sum(Expr e, int... axes) {
        return Ops.sum(e, false, axes);
    }

    /** Mean over the given axes. */
    public static Expr mean(Expr e, int... axes) {
        return Ops.mean(e, false, axes);
    }

    /** Matrix product {@code a @ b}: {@code matmul(x, w)} for x [batch, 3] and w [3, 1] is [batch, 1]. */
    public static Expr matmul(Expr a, Expr b) {
        return Ops.matmul(a, b);
    }

    /** Softmax over the last axis: {@code softmax(logits)}. */
    public static Expr softmax(Expr e) {
        return Ops.softmax(e, -1);
    }

    /** Log-softmax over the last axis (numerically stable): {@code logSoftmax(logits)}. */
    public static Expr logSoftmax(Expr e) {
        return Ops.logSoftmax(e, -1);
    }

    /**
     * A sequential network: {@code sequential(s -> s.input(4).dense(8, Activation.relu()).dense(3))};
     * in Kotlin {@code sequential { it.input(4).dense(8, Activation.relu()).dense(3) }}.
     */
    public static Sequential sequential(Consumer<Sequential.Builder> spec) {
        return Sequential.of(spec);
    }

    /** torch.optim.SGD with learning rate {@code lr}: {@code sgd(0.01).momentum(0.9).nesterov()}. */
    public static SgdSpec sgd(double lr) {
        return new SgdSpec(TorchKeywords.of("sgd", lr));
    }

    /**
     * torch.optim.Adam with torch's defaults (lr 1e-3, betas (0.9, 0.999), eps 1e-8, no weight decay):
     * {@code adam().betas(0.9, 0.99).amsgrad()}.
     */
    public static AdamSpec adam() {
        return adam(1e-3);
    }

    /** torch.optim.Adam with learning rate {@code lr}, torch's defaults otherwise: {@code adam(3e-4)}. */
    public static AdamSpec adam(double lr) {
        return new AdamSpec(TorchKeywords.of("adam", lr));
    }

    /** torch.optim.AdamW (decoupled weight decay, default 1e-2) with torch's defaults, lr 1e-3. */
    public static AdamSpec adamw() {
        return adamw(1e-3);
    }

    /** torch.optim.AdamW with learning rate {@code lr}: {@code adamw(1e-3).weightDecay(0.05)}. */
    public static AdamSpec adamw(double lr) {
        return new AdamSpec(TorchKeywords.of("adamw", lr));
    }

    /** torch.optim.RMSprop with torch's defaults (lr 1e-2, alpha 0.99, eps 1e-8). */
    public static RmsPropSpec rmsprop() {
        return rmsprop(1e-2);
    }

    /** torch.optim.RMSprop with learning rate {@code lr}: {@code rmsprop(0.01).momentum(0.9).centered()}. */
    public static RmsPropSpec rmsprop(double lr) {
        return new RmsPropSpec(TorchKeywords.of("rmsprop", lr));
    }

    /** torch.optim.Adagrad with torch's defaults (lr 1e-2, eps 1e-10, accumulator starting at 0). */
    public static AdagradSpec adagrad() {
        return adagrad(1e-2);
    }

    /** torch.optim.Adagrad with learning rate {@code lr}: {@code adagrad(0.1).lrDecay(1e-4)}. */
    public static AdagradSpec adagrad(double lr) {
        return new AdagradSpec(TorchKeywords.of("adagrad", lr));
    }

    /** torch.optim.Adadelta with torch's defaults (lr 1.0, rho 0.9, eps 1e-6). */
    public static AdadeltaSpec adadelta() {
        return adadelta(1.0);
    }

    /** torch.optim.Adadelta with learning rate {@code lr}: {@code adadelta(0.5).rho(0.95)}. */
    public static AdadeltaSpec adadelta(double lr) {
        return new AdadeltaSpec(TorchKeywords.of("adadelta", lr));
    }

    /**
     * Any registered rule (built-in or plugged in through ServiceLoader) by name and torch keyword
     * arguments: {@code rule("rmsprop", Map.of("lr", 0.01, "alpha", 0.99))},
     * {@code rule("adam", Map.of("betas", List.of(0.9, 0.99)))}. Validated when the training
     * configuration is built.
     */
    public static OptimizerSpec rule(String name, Map<String, Object> hyperParameters) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(hyperParameters);
        return () -> UpdateRules.create(name, copy);
    }

    /**
     * Early stopping on a per-epoch value ({@code "val_loss"}, {@code "val_accuracy"}, {@code "loss"}), as
     * Keras's callback: {@code t.earlyStopping(earlyStopping("val_loss").patience(5).minDelta(1e-4).restoreBest())}.
     * See {@link EarlyStopping} for the exact rule and where Keras differs.
     */
    public static EarlyStopping earlyStopping(String monitor) {
        return EarlyStopping.on(monitor);
    }

    /** A data set of two named arrays, e.g. {@code data("x", xs, "y", ys)}. */
    public static Dataset data(String name1, INDArray array1, String name2, INDArray array2) {
        return Dataset.of(name1, array1, name2, array2);
    }

    /** A [n, 1] float column from values. */
    public static INDArray column(double... values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Nd4j.createFromArray(f).reshape(values.length, 1);
    }

    /** A float vector from values. */
    public static INDArray vector(double... values) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Nd4j.createFromArray(f);
    }
}

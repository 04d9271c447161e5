package dev.descent.graph;

import java.util.List;
import java.util.Map;

/**
 * A node of a model's computation: a parameter, an input, a constant or an operation over other
 * expressions. Its shape is inferred and checked when it is built.
 *
 * <p>The operator-named methods ({@code plus}, {@code minus}, {@code times}, {@code div},
 * {@code unaryMinus}, {@code get}) are the names Kotlin maps to operators, so Kotlin code reads
 * {@code x * w + b}; Java code reads {@code x.times(w).plus(b)}.
 *
 * <pre>{@code
 * Expr x = Ops.input("x", Shape.ANY, 1);
 * Expr w = Ops.param("w", Nd4j.scalar(100f).reshape(1, 1));
 * Expr loss = Ops.mean(Ops.square(x.matmul(w).minus(Ops.input("y", Shape.ANY, 1))));
 * }</pre>
 */
public interface Expr {

    OpKind op();

    /** The operands, in order. */
    List<Expr> inputs();

    /** Attributes of the operation (axes, exponents, slopes...), never null. */
    Map<String, Object> attrs();

    /** The inferred shape; {@link Shape#ANY} marks the batch dimension. */
    Shape shape();

    /** The name of a parameter or input, or a generated label (used in error messages). */
    String name();

    default Expr plus(Expr other) {
        return Ops.add(this, other);
    }

    default Expr plus(double scalar) {
        return Ops.add(this, Ops.constant(scalar));
    }

    default Expr minus(Expr other) {
        return Ops.sub(this, other);
    }

    default Expr minus(double scalar) {
        return Ops.sub(this, Ops.constant(scalar));
    }

    default Expr times(Expr other) {
        return Ops.mul(this, other);
    }

    default Expr times(double scalar) {
        return Ops.mul(this, Ops.constant(scalar));
    }

    default Expr div(Expr other) {
        return Ops.div(this, other);
    }

    default Expr div(double scalar) {
        return Ops.div(this, Ops.constant(scalar));
    }

    default Expr unaryMinus() {
        return Ops.neg(this);
    }

    /** Element {@code index} along the first axis (drops that axis), like {@code t[i]} in torch. */
    default Expr get(int index) {
        return Ops.index(this, index);
    }

    /** {@code t[i][j]}: indexes the first axis, then the (new) first axis. */
    default Expr get(int i, int j) {
        return Ops.index(Ops.index(this, i), j);
    }

    /** Matrix product, {@code this @ other}. */
    default Expr matmul(Expr other) {
        return Ops.matmul(this, other);
    }

    default Expr pow(double exponent) {
        return Ops.pow(this, exponent);
    }

    default Expr square() {
        return Ops.square(this);
    }

    default Expr sum() {
        return Ops.sum(this);
    }

    default Expr mean() {
        return Ops.mean(this);
    }

    default Expr transpose() {
        return Ops.transpose(this);
    }
}

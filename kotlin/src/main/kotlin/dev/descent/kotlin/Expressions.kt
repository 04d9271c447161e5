package dev.descent.kotlin

import dev.descent.graph.Ops
import dev.descent.graph.Shape
import org.nd4j.linalg.api.buffer.DataType
import org.nd4j.linalg.factory.Nd4j

// Inputs, parameters and constants

/**
 * A float input with a leading batch dimension: `input("x", 1)` is `[batch, 1]`, `input("x", 64)`
 * is `[batch, 64]`, `input("x")` is `[batch]`. Feed it through a [dataset] under the same name.
 */
public fun input(name: String, vararg features: Int): Expr {
    val dims = LongArray(features.size + 1)
    dims[0] = Shape.ANY
    features.forEachIndexed { i, d -> dims[i + 1] = d.toLong() }
    return Ops.input(name, *dims)
}

/** Class indices, one per sample (`[batch]`): the target of [crossEntropy] and [nll]. */
public fun labels(name: String = "y"): Expr = Ops.indexInput(name, Shape.ANY)

/** A scalar parameter starting at [initial]: `val w = param("w", 0.0)`. */
public fun param(name: String, initial: Double): Expr = Ops.param(name, Nd4j.scalar(initial.toFloat()))

/** A vector parameter starting at [initial]: `param("b", doubleArrayOf(0.0, 0.0))`. */
public fun param(name: String, initial: DoubleArray): Expr =
    Ops.param(name, Nd4j.createFromArray(*FloatArray(initial.size) { initial[it].toFloat() }))

/**
 * A matrix parameter from its rows: `param("w", arrayOf(doubleArrayOf(100.0)))` is `[1, 1]`.
 *
 * @throws IllegalArgumentException if there are no rows or the rows differ in length
 */
public fun param(name: String, initial: Array<DoubleArray>): Expr =
    Ops.param(name, Nd4j.createFromArray(floatRows("param(\"$name\")", initial.asList())))

/** A zero-initialised parameter of the given [shape]: `zeros("w", 3, 1)`. */
public fun zeros(name: String, vararg shape: Int): Expr =
    Ops.param(name, Nd4j.zeros(DataType.FLOAT, *LongArray(shape.size) { shape[it].toLong() }))

/** A scalar constant; operators take plain numbers too (`2.0 * x`, `x + 1`). */
public fun constant(value: Double): Expr = Ops.constant(value)

// Operators with numbers on either side (Expr with Expr, Expr with Double, unary minus and
// x[i] are Expr's own operator methods)

/** `x + 1`. */
public operator fun Expr.plus(other: Int): Expr = plus(other.toDouble())

/** `x - 1`. */
public operator fun Expr.minus(other: Int): Expr = minus(other.toDouble())

/** `x * 2`. */
public operator fun Expr.times(other: Int): Expr = times(other.toDouble())

/** `x / 2`. */
public operator fun Expr.div(other: Int): Expr = div(other.toDouble())

/** `1.0 + x`. */
public operator fun Double.plus(other: Expr): Expr = Ops.add(Ops.constant(this), other)

/** `1.0 - x`. */
public operator fun Double.minus(other: Expr): Expr = Ops.sub(Ops.constant(this), other)

/** `2.0 * x`. */
public operator fun Double.times(other: Expr): Expr = Ops.mul(Ops.constant(this), other)

/** `1.0 / x`. */
public operator fun Double.div(other: Expr): Expr = Ops.div(Ops.constant(this), other)

/** `1 + x`. */
public operator fun Int.plus(other: Expr): Expr = toDouble() + other

/** `1 - x`. */
public operator fun Int.minus(other: Expr): Expr = toDouble() - other

/** `2 * x`. */
public operator fun Int.times(other: Expr): Expr = toDouble() * other

/** `1 / x`. */
public operator fun Int.div(other: Expr): Expr = toDouble() / other

/** The matrix product `x @ w`: `x matmul w` for `x` `[batch, 3]` and `w` `[3, 1]` is `[batch, 1]`. */
public infix fun Expr.matmul(other: Expr): Expr = Ops.matmul(this, other)

/** Elementwise power: `x pow 2.0`. */
public infix fun Expr.pow(exponent: Double): Expr = Ops.pow(this, exponent)

/** Elementwise power: `x pow 3`. */
public infix fun Expr.pow(exponent: Int): Expr = Ops.pow(this, exponent.toDouble())

// Functions

/** Elementwise e^x. */
public fun exp(x: Expr): Expr = Ops.exp(x)

/** Elementwise natural logarithm. */
public fun ln(x: Expr): Expr = Ops.log(x)

/** Elementwise max(x, 0). */
public fun relu(x: Expr): Expr = Ops.relu(x)

/** Elementwise logistic function 1 / (1 + e^-x). */
public fun sigmoid(x: Expr): Expr = Ops.sigmoid(x)

/** Elementwise hyperbolic tangent. */
public fun tanh(x: Expr): Expr = Ops.tanh(x)

/** Elementwise |x|. */
public fun abs(x: Expr): Expr = Ops.abs(x)

/** Elementwise square root. */
public fun sqrt(x: Expr): Expr = Ops.sqrt(x)

/** Elementwise x²: `square(a) + square(b)`. */
public fun square(x: Expr): Expr = Ops.square(x)

/** Elementwise sine. */
public fun sin(x: Expr): Expr = Ops.sin(x)

/** Elementwise cosine. */
public fun cos(x: Expr): Expr = Ops.cos(x)

/** The sum of all elements, a scalar: `sum(square(w))`. */
public fun sum(x: Expr): Expr = Ops.sum(x)

/** The sum over the given axes (which disappear): `sum(x, 1)`. */
public fun sum(x: Expr, vararg axes: Int): Expr = Ops.sum(x, false, *axes)

/** The mean of all elements, a scalar: `mean(square(pred - y))` is the MSE. */
public fun mean(x: Expr): Expr = Ops.mean(x)

/** The mean over the given axes (which disappear): `mean(x, 0)`. */
public fun mean(x: Expr, vararg axes: Int): Expr = Ops.mean(x, false, *axes)

/** Softmax over the last axis. */
public fun softmax(x: Expr): Expr = Ops.softmax(x, -1)

/** Log-softmax over the last axis (numerically stable). */
public fun logSoftmax(x: Expr): Expr = Ops.logSoftmax(x, -1)

/** Rows as a float matrix; [what] names the caller in messages. */
internal fun floatRows(what: String, rows: List<DoubleArray>): Array<FloatArray> {
    require(rows.isNotEmpty()) { "$what: no rows (a matrix needs at least one row)" }
    val width = rows[0].size
    rows.forEachIndexed { i, row ->
        require(row.size == width) {
            "$what: row $i has ${row.size} values but row 0 has $width; every row needs the same length"
        }
    }
    require(width > 0) { "$what: the rows are empty (a matrix needs at least one column)" }
    return Array(rows.size) { i -> FloatArray(width) { j -> rows[i][j].toFloat() } }
}

package dev.descent.kotlin

import dev.descent.graph.ShapeException
import kotlin.math.E
import kotlin.math.exp
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith

/** Every operator and function on expressions: its value, and its gradient through one SGD step. */
class ExpressionsTest {
    /** The objective's value at the parameters' initial values and its gradient (one SGD step with lr 1). */
    private fun valueAndGradient(objective: Expr): Pair<Double, Map<String, Double>> {
        val path = minimize(objective) { optimizer = sgd(lr = 1.0); steps = 1 }
        val before = path.points.first()
        val after = path.points.last()
        return path.losses.single() to before.keys.associateWith { before.getValue(it) - after.getValue(it) }
    }

    private fun assertValueAndGradient(value: Double, gradient: Map<String, Double>, objective: Expr) {
        val (v, g) = valueAndGradient(objective)
        assertEquals(value, v, 1e-4 * maxOf(1.0, kotlin.math.abs(value)), "value")
        assertEquals(gradient.keys, g.keys)
        gradient.forEach { (name, expected) -> assertEquals(expected, g.getValue(name), 1e-4, "d/d$name") }
    }

    private val a get() = param("a", 3.0)
    private val b get() = param("b", -2.0)

    @Test
    fun `expressions combine with expressions`() {
        val a = a
        val b = b
        assertValueAndGradient(1.0, mapOf("a" to 1.0, "b" to 1.0), a + b)
        assertValueAndGradient(5.0, mapOf("a" to 1.0, "b" to -1.0), a - b)
        assertValueAndGradient(-6.0, mapOf("a" to -2.0, "b" to 3.0), a * b)
        assertValueAndGradient(-1.5, mapOf("a" to -0.5, "b" to -0.75), a / b)
        assertValueAndGradient(13.0, mapOf("a" to 6.0, "b" to -4.0), a * a + b * b)
    }

    @Test
    fun `doubles work on either side`() {
        assertValueAndGradient(5.0, mapOf("a" to 1.0), a + 2.0)
        assertValueAndGradient(5.0, mapOf("a" to 1.0), 2.0 + a)
        assertValueAndGradient(1.0, mapOf("a" to 1.0), a - 2.0)
        assertValueAndGradient(-1.0, mapOf("a" to -1.0), 2.0 - a)
        assertValueAndGradient(6.0, mapOf("a" to 2.0), a * 2.0)
        assertValueAndGradient(6.0, mapOf("a" to 2.0), 2.0 * a)
        assertValueAndGradient(1.5, mapOf("a" to 0.5), a / 2.0)
        assertValueAndGradient(2.0, mapOf("a" to -6.0 / 9.0), 6.0 / a)
    }

    @Test
    fun `ints work on either side`() {
        assertValueAndGradient(5.0, mapOf("a" to 1.0), a + 2)
        assertValueAndGradient(5.0, mapOf("a" to 1.0), 2 + a)
        assertValueAndGradient(1.0, mapOf("a" to 1.0), a - 2)
        assertValueAndGradient(-1.0, mapOf("a" to -1.0), 2 - a)
        assertValueAndGradient(6.0, mapOf("a" to 2.0), a * 2)
        assertValueAndGradient(6.0, mapOf("a" to 2.0), 2 * a)
        assertValueAndGradient(1.5, mapOf("a" to 0.5), a / 2)
        assertValueAndGradient(2.0, mapOf("a" to -6.0 / 9.0), 6 / a)
    }

    @Test
    fun `unary minus, indexing and powers`() {
        val a = a
        assertValueAndGradient(-3.0, mapOf("a" to -1.0), -a)
        assertValueAndGradient(9.0, mapOf("a" to 6.0), a pow 2)
        assertValueAndGradient(9.0, mapOf("a" to 6.0), a pow 2.0)
        assertValueAndGradient(27.0, mapOf("a" to 27.0), a pow 3)
        // (-a) * p[1] + (a - 1) / 2 with a = 3, p = [1, -2]: d/da = -p[1] + 1/2 = 2.5
        val p = param("p", doubleArrayOf(1.0, -2.0))
        val path = minimize(-a * p[1] + (a - 1) / 2) { optimizer = sgd(0.1); steps = 1 }
        assertEquals(7.0, path.losses[0], 1e-6)
        assertEquals(3.0 - 0.25, path["a"].last(), 1e-6)
        assertEquals(listOf(1.0, -2.0 + 0.3), path.values("p").last().toList().map { Math.round(it * 1e6) / 1e6 })
    }

    @Test
    fun `matmul is infix and checks shapes`() {
        val x = param("x", arrayOf(doubleArrayOf(1.0, 2.0)))           // [1, 2]
        val w = param("w", arrayOf(doubleArrayOf(3.0), doubleArrayOf(4.0)))  // [2, 1]
        val path = minimize(sum(x matmul w)) { optimizer = sgd(1.0); steps = 1 }
        assertEquals(11.0, path.losses[0], 1e-6)
        assertEquals(listOf(1.0 - 3.0, 2.0 - 4.0), path.values("x").last().toList())
        val e = assertFailsWith<ShapeException> { w matmul w }
        assertEquals(true, e.message!!.contains("[2, 1]"), e.message)
    }

    @Test
    fun `functions have their values and gradients`() {
        val z = param("z", 0.5)
        val s = 1 / (1 + exp(-0.5))
        assertValueAndGradient(exp(0.5), mapOf("z" to exp(0.5)), exp(z))
        assertValueAndGradient(kotlin.math.ln(0.5), mapOf("z" to 2.0), ln(z))
        assertValueAndGradient(0.5, mapOf("z" to 1.0), relu(z))
        assertValueAndGradient(0.0, mapOf("n" to 0.0), relu(param("n", -1.0)))
        assertValueAndGradient(s, mapOf("z" to s * (1 - s)), sigmoid(z))
        assertValueAndGradient(kotlin.math.tanh(0.5), mapOf("z" to 1 - kotlin.math.tanh(0.5).let { it * it }), tanh(z))
        assertValueAndGradient(0.5, mapOf("n" to -1.0), abs(param("n", -0.5)))
        assertValueAndGradient(2.0, mapOf("f" to 0.25), sqrt(param("f", 4.0)))
        assertValueAndGradient(0.25, mapOf("z" to 1.0), square(z))
        assertValueAndGradient(kotlin.math.sin(0.5), mapOf("z" to kotlin.math.cos(0.5)), sin(z))
        assertValueAndGradient(kotlin.math.cos(0.5), mapOf("z" to -kotlin.math.sin(0.5)), cos(z))
        assertEquals(E, exp(1.0), 0.0) // kotlin.math stays usable beside the Expr functions
    }

    @Test
    fun `reductions over all elements and over axes`() {
        val m = param("m", arrayOf(doubleArrayOf(1.0, 2.0), doubleArrayOf(3.0, 4.0)))
        fun valueAndGradient(objective: Expr) = minimize(objective) { optimizer = sgd(0.0); steps = 1 }.losses.single() to Unit
        assertEquals(10.0, valueAndGradient(sum(m)).first, 1e-6)
        assertEquals(2.5, valueAndGradient(mean(m)).first, 1e-6)
        assertEquals(6.0, valueAndGradient(sum(m, 0)[1]).first, 1e-6)
        assertEquals(3.5, valueAndGradient(mean(m, 1)[1]).first, 1e-6)
        assertEquals(1.0, valueAndGradient(sum(softmax(m)) / 2).first, 1e-5)
        assertEquals(
            kotlin.math.ln(exp(1.0) / (exp(1.0) + exp(2.0))),
            valueAndGradient(logSoftmax(m)[0][0]).first, 1e-5)
    }

    @Test
    fun `inputs, labels, parameters and constants have the declared shapes`() {
        assertEquals("[batch, 1]", input("x", 1).shape().toString())
        assertEquals("[batch]", input("n").shape().toString())
        assertEquals("[batch, 1, 28, 28]", input("img", 1, 28, 28).shape().toString())
        assertEquals(1, labels().shape().rank())
        assertEquals("y", labels().name())
        assertEquals(0, param("s", 1.0).shape().rank())
        assertEquals(listOf(2L), param("v", doubleArrayOf(1.0, 2.0)).shape().dims().toList())
        assertEquals(listOf(3L, 1L), zeros("z", 3, 1).shape().dims().toList())
        assertEquals(0, constant(2.0).shape().rank())
    }

    @Test
    fun `a ragged matrix is refused with the row that differs`() {
        val e = assertFailsWith<IllegalArgumentException> {
            param("w", arrayOf(doubleArrayOf(1.0, 2.0), doubleArrayOf(3.0)))
        }
        assertEquals("param(\"w\"): row 1 has 1 values but row 0 has 2; every row needs the same length", e.message)
        val empty = assertFailsWith<IllegalArgumentException> { param("w", arrayOf<DoubleArray>()) }
        assertEquals("param(\"w\"): no rows (a matrix needs at least one row)", empty.message)
    }
}

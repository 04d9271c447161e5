package dev.descent.kotlin

import dev.descent.graph.ShapeException
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/** The sequential builder: every layer function and option, the activations, and the messages. */
class NetworksTest {
    @Test
    fun `layers are numbered in order and shapes follow`() {
        val net = sequential(input = 64, seed = 1) {
            dense(32, activation = relu)
            dropout(0.1)
            dense(10)
        }
        assertEquals(listOf("layer0", "layer1", "layer2"), net.layerNames())
        assertEquals(listOf("layer0.weight", "layer0.bias", "layer2.weight", "layer2.bias"), net.parameters().keys.toList())
        assertEquals("[batch, 10]", net.output().shape().toString())
        assertEquals(listOf(64L, 32L), net.parameters().getValue("layer0.weight").shape().dims().toList())
        assertEquals(1, net.auxiliaryInputs().size, "dropout adds a mask input")
        assertEquals(1L, net.seed())
        assertTrue(net.summary().contains("relu"), net.summary())
    }

    @Test
    fun `the same seed gives the same initial parameters`() {
        fun weights(seed: Long) = Model(sequential(input = 3, seed = seed) { dense(2) }, mse).use { it.vector("layer0.weight") }
        assertEquals(weights(5).toList(), weights(5).toList())
        assertTrue(weights(5).toList() != weights(6).toList())
    }

    @Test
    fun `dense options set bias, initialisers and names`() {
        val net = sequential(input = 2, weightInit = Init.constant(0.5), biasInit = Init.zeros()) {
            dense(3, bias = false, name = "hidden")
            dense(1, weightInit = Init.constant(2.0), biasInit = Init.constant(-1.0), name = "out")
        }
        assertEquals(listOf("hidden.weight", "out.weight", "out.bias"), net.parameters().keys.toList())
        Model(net, mse).use { model ->
            assertTrue(model.vector("hidden.weight").all { it == 0.5 })
            assertTrue(model.vector("out.weight").all { it == 2.0 })
            assertEquals(-1.0, model["out.bias"])
        }
    }

    @Test
    fun `input shape, input name and prefix`() {
        val net = sequential(input = intArrayOf(1, 4, 4), inputName = "image", prefix = "enc") {
            flatten()
            linear(16, 2, activation = tanh)
            activation(softmax)
        }
        assertEquals("image", net.input().name())
        assertEquals("[batch, 1, 4, 4]", net.input().shape().toString())
        assertEquals(listOf("enc.layer1.weight", "enc.layer1.bias"), net.parameters().keys.toList())
        assertEquals("[batch, 2]", net.output().shape().toString())
    }

    @Test
    fun `a linear layer whose declared width does not fit says so`() {
        val e = assertFailsWith<ShapeException> {
            sequential(input = 4) { dense(8); linear(5, 2) }
        }
        assertTrue(e.message!!.contains("5") && e.message!!.contains("8"), e.message)
    }

    @Test
    fun `bad settings fail with the Java DSL's messages`() {
        assertEquals("dropout(p): p = 1.5; the drop probability must be in [0, 1], e.g. 0.5",
            assertFailsWith<IllegalArgumentException> { sequential(input = 2) { dropout(1.5) } }.message)
        assertEquals("Sequential: no layers. Fix: add at least one, e.g. dense(10).",
            assertFailsWith<IllegalArgumentException> { sequential(input = 2) { } }.message)
        assertEquals("dense units = 0; a dense layer needs at least 1 output unit",
            assertFailsWith<IllegalArgumentException> { sequential(input = 2) { dense(0) } }.message)
        assertTrue(assertFailsWith<IllegalArgumentException> { sequential(input = 0) { dense(1) } }.message!!
            .contains("every dimension must be >= 1"))
        assertEquals("Duplicate layer name 'a' (layer 1). Fix: give each layer its own name.",
            assertFailsWith<IllegalArgumentException> { sequential(input = 2) { dense(2, name = "a"); dense(2, name = "a") } }
                .message)
    }

    @Test
    fun `activations are torch's functions and custom ones carry their name`() {
        assertEquals(listOf("relu", "tanh", "sigmoid", "gelu", "silu", "softplus"),
            listOf(relu, tanh, sigmoid, gelu, silu, softplus).map { it.name() })
        assertEquals("leakyRelu(0.2)", leakyRelu(0.2).name())
        assertEquals("elu(0.5)", elu(0.5).name())
        assertEquals("softplus(2.0, 20.0)", softplus(2.0).name())
        listOf(geluTanh, elu, leakyRelu, softmax, logSoftmax).forEach { assertTrue(it.name().isNotEmpty()) }
        val swish = activation("swish") { x -> x * sigmoid(x) }
        assertEquals("swish", swish.name())
        val net = sequential(input = 1) { dense(1, activation = swish, weightInit = Init.constant(1.0), biasInit = Init.zeros()) }
        Model(net, mse).use { model ->
            val y = model.predict(doubleArrayOf(2.0)).single()
            assertEquals(2.0 / (1 + kotlin.math.exp(-2.0)), y, 1e-6)
        }
    }
}

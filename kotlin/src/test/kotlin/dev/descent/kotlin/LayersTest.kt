package dev.descent.kotlin

import dev.descent.graph.ShapeException
import kotlin.test.Test
import kotlin.test.assertEquals
import kotlin.test.assertFailsWith
import kotlin.test.assertTrue

/** Convolution, pooling, normalisation and embedding layers from Kotlin: named arguments, defaults, training and evaluation. */
class LayersTest {
    @Test
    fun `a LeNet-like network declares in a few lines`() {
        val net = sequential(input = intArrayOf(1, 28, 28), seed = 3) {
            conv2d(6, kernel = 5, activation = relu)
            maxPool2d(2)
            conv2d(16, kernel = 5, activation = relu)
            maxPool2d(2)
            flatten()
            dense(120, activation = relu)
            dense(84, activation = relu)
            dense(10)
        }
        assertEquals("[batch, 10]", net.output().shape().toString())
        assertEquals(listOf(6L, 1L, 5L, 5L), net.parameters().getValue("layer0.weight").shape().dims().toList())
        assertEquals(listOf(256L, 120L), net.parameters().getValue("layer5.weight").shape().dims().toList())
    }

    @Test
    fun `options by name, and every other layer`() {
        val net = sequential(input = intArrayOf(2, 9, 9)) {
            conv2d(4, kernelH = 3, kernelW = 2, stride = 2, padding = 1, bias = false, name = "conv")
            batchNorm2d(momentum = 0.2)
            avgPool2d(2, stride = 1)
            layerNorm(normalizedShape = intArrayOf(4, 4))
            flatten()
        }
        assertEquals(listOf("conv.weight", "layer1.weight", "layer1.bias", "layer3.weight", "layer3.bias"),
            net.parameters().keys.toList())
        assertEquals("[batch, 64]", net.output().shape().toString())
        val text = sequential(input = 7) {
            embedding(30, 4)
            mean(1)
            dense(2)
        }
        assertEquals("[batch, 2]", text.output().shape().toString())
        val signal = sequential(input = intArrayOf(3, 12)) {
            conv1d(5, kernel = 3, padding = 1, activation = tanh)
            maxPool1d(2)
            batchNorm1d()
        }
        assertEquals("[batch, 5, 6]", signal.output().shape().toString())
    }

    @Test
    fun `fit trains batch norm with batch statistics and predict uses the running ones`() {
        val rows = Array(32) { i -> DoubleArray(4) { j -> ((i * 7 + j * 3) % 11) / 5.0 - 1 } }
        val labels = IntArray(32) { it % 2 }
        Model(sequential(input = 4, seed = 2) { dense(8); batchNorm1d(); activation(relu); dense(2) }, crossEntropy).use { model ->
            assertEquals(List(8) { 0.0 }, model.buffers.getValue("layer1.running_mean").toList())
            model.fit("x" to rows, "y" to labels) { optimizer = sgd(lr = 0.1); batchSize = 8; epochs = 2; progress = Progress.QUIET }
            assertTrue(model.buffers.getValue("layer1.running_mean").any { it != 0.0 }, "training moved the running mean")
            // evaluation mode: one row alone predicts as it does within a batch (running statistics, not the batch's)
            val alone = model.predict(arrayOf(rows[3]))[0].toList()
            val inBatch = model.predict(rows)[3].toList()
            alone.indices.forEach { assertEquals(inBatch[it], alone[it], 1e-6) }
        }
    }

    @Test
    fun `a kernel larger than its input is named at declaration`() {
        val e = assertFailsWith<ShapeException> {
            sequential(input = intArrayOf(1, 4, 4)) { conv2d(2, kernel = 5) }
        }
        assertTrue(e.message!!.contains("the kernel spans 5 along the height but the input's height is 4"), e.message)
    }
}

package dev.descent.kotlin

import dev.descent.dsl.nn.NormSpec
import dev.descent.dsl.nn.Sequential as JavaSequential

/**
 * A sequential network over an input of [input] features, its layers declared in [layers]:
 *
 * ```kotlin
 * val net = sequential(input = 64, seed = 1) {
 *     dense(32, activation = relu)
 *     dropout(0.1)
 *     dense(10)
 * }
 * ```
 *
 * Layers are numbered in order (`layer0.weight`, `layer0.bias`, ... as in torch's `nn.Sequential`);
 * every layer's input shape is checked here, and a wrong wiring fails at once, naming the layer,
 * the shapes and the fix.
 *
 * @param input the features per sample (the batch dimension is implied)
 * @param seed the seed of every random initialiser
 * @param inputName the name the input is fed under
 * @param prefix a prefix for every parameter name (`prefix = "enc"` gives `enc.layer0.weight`)
 * @param weightInit the dense layers' default weight initialiser (torch's by default)
 * @param biasInit the dense layers' default bias initialiser (torch's by default)
 * @throws IllegalArgumentException for a bad setting or no layers
 * @throws dev.descent.graph.ShapeException for layers that do not fit together
 */
public fun sequential(
    input: Int,
    seed: Long = 0,
    inputName: String = "x",
    prefix: String? = null,
    weightInit: Init? = null,
    biasInit: Init? = null,
    layers: SequentialScope.() -> Unit,
): Sequential = sequential(intArrayOf(input), seed, inputName, prefix, weightInit, biasInit, layers)

/**
 * A sequential network over inputs of shape [input] per sample, e.g. `intArrayOf(1, 28, 28)`
 * followed by `flatten()`; otherwise as `sequential(input: Int, ...)`.
 */
public fun sequential(
    input: IntArray,
    seed: Long = 0,
    inputName: String = "x",
    prefix: String? = null,
    weightInit: Init? = null,
    biasInit: Init? = null,
    layers: SequentialScope.() -> Unit,
): Sequential {
    val builder = JavaSequential.builder()
        .input(*LongArray(input.size) { input[it].toLong() })
        .inputName(inputName)
        .seed(seed)
    prefix?.let { builder.prefix(it) }
    weightInit?.let { builder.weightInit(it) }
    biasInit?.let { builder.biasInit(it) }
    SequentialScope(builder).layers()
    return builder.build()
}

/** The layers of a [sequential] network, added in the order they are called. */
@DescentDsl
public class SequentialScope internal constructor(private val builder: JavaSequential.Builder) {

    /**
     * A dense (fully connected) layer, `act(x @ W + b)` with `W` of shape `[in, units]`; the input
     * width comes from the layer before.
     *
     * @param units the output width
     * @param activation applied after the affine map (none by default)
     * @param bias whether the layer adds a bias
     * @param weightInit this layer's weight initialiser (default: the network's)
     * @param biasInit this layer's bias initialiser (default: the network's)
     * @param name the layer's name, prefixing its parameters (default `layer<index>`)
     */
    public fun dense(
        units: Int,
        activation: Activation? = null,
        bias: Boolean = true,
        weightInit: Init? = null,
        biasInit: Init? = null,
        name: String? = null,
    ) {
        builder.dense { d ->
            d.units(units.toLong()).bias(bias)
            activation?.let { d.activation(it) }
            weightInit?.let { d.weightInit(it) }
            biasInit?.let { d.biasInit(it) }
            name?.let { d.name(it) }
        }
    }

    /**
     * torch's `nn.Linear(inFeatures, outFeatures)`: a dense layer whose input width is declared
     * and checked against the layer before.
     */
    public fun linear(inFeatures: Int, outFeatures: Int, activation: Activation? = null) {
        builder.dense { d ->
            d.inFeatures(inFeatures.toLong()).units(outFeatures.toLong())
            activation?.let { d.activation(it) }
        }
    }

    /** An activation layer: `activation(relu)`. */
    public fun activation(activation: Activation) {
        builder.activation(activation)
    }

    /** Dropout with drop probability [p] in [0, 1]: random masks in training, none in evaluation. */
    public fun dropout(p: Double) {
        builder.dropout(p)
    }

    /** Flattens `[batch, d1, d2, ...]` to `[batch, d1 * d2 * ...]`. */
    public fun flatten() {
        builder.flatten()
    }

    /**
     * torch's `nn.Conv2d` over `[batch, channels, height, width]` input (channels inferred):
     * weight `[outChannels, in, kh, kw]`, torch's default initialisation.
     *
     * ```kotlin
     * conv2d(6, kernel = 5, activation = relu)
     * conv2d(16, kernelH = 3, kernelW = 5, stride = 2, padding = 1, bias = false)
     * ```
     *
     * @param kernel a square kernel's size (or give [kernelH] and [kernelW])
     * @param stride, padding, dilation as torch's (1, 0, 1 by default)
     */
    public fun conv2d(
        outChannels: Int,
        kernel: Int = 0,
        kernelH: Int = kernel,
        kernelW: Int = kernel,
        stride: Int = 1,
        padding: Int = 0,
        dilation: Int = 1,
        bias: Boolean = true,
        activation: Activation? = null,
        weightInit: Init? = null,
        biasInit: Init? = null,
        name: String? = null,
    ) {
        builder.conv2d { c ->
            c.outChannels(outChannels.toLong()).kernel(kernelH.toLong(), kernelW.toLong()).stride(stride.toLong())
                .padding(padding.toLong()).dilation(dilation.toLong()).bias(bias)
            activation?.let { c.activation(it) }
            weightInit?.let { c.weightInit(it) }
            biasInit?.let { c.biasInit(it) }
            name?.let { c.name(it) }
        }
    }

    /** torch's `nn.Conv1d` over `[batch, channels, length]` input: weight `[outChannels, in, kernel]`. */
    public fun conv1d(
        outChannels: Int,
        kernel: Int,
        stride: Int = 1,
        padding: Int = 0,
        dilation: Int = 1,
        bias: Boolean = true,
        activation: Activation? = null,
        name: String? = null,
    ) {
        builder.conv1d { c ->
            c.outChannels(outChannels.toLong()).kernel(kernel.toLong()).stride(stride.toLong()).padding(padding.toLong())
                .dilation(dilation.toLong()).bias(bias)
            activation?.let { c.activation(it) }
            name?.let { c.name(it) }
        }
    }

    /** torch's `nn.MaxPool2d(kernel, stride = kernel, padding = 0)`. */
    public fun maxPool2d(kernel: Int, stride: Int = kernel, padding: Int = 0) {
        builder.maxPool2d(kernel.toLong(), stride.toLong(), padding.toLong())
    }

    /** torch's `nn.AvgPool2d(kernel, stride = kernel, padding = 0)`, counting the padding as torch does. */
    public fun avgPool2d(kernel: Int, stride: Int = kernel, padding: Int = 0) {
        builder.avgPool2d(kernel.toLong(), stride.toLong(), padding.toLong())
    }

    /** torch's `nn.MaxPool1d(kernel, stride = kernel, padding = 0)` over `[batch, channels, length]`. */
    public fun maxPool1d(kernel: Int, stride: Int = kernel, padding: Int = 0) {
        builder.maxPool1d(kernel.toLong(), stride.toLong(), padding.toLong())
    }

    /**
     * torch's `nn.BatchNorm1d` over `[batch, features]` or `[batch, channels, length]`: batch
     * statistics while `fit` trains, running statistics (buffers saved with the model) when
     * predicting and evaluating.
     */
    public fun batchNorm1d(eps: Double = 1e-5, momentum: Double = 0.1, affine: Boolean = true, name: String? = null) {
        builder.batchNorm1d { n -> norm(n, eps, momentum, affine, name) }
    }

    /** torch's `nn.BatchNorm2d` over `[batch, channels, height, width]` (see [batchNorm1d]). */
    public fun batchNorm2d(eps: Double = 1e-5, momentum: Double = 0.1, affine: Boolean = true, name: String? = null) {
        builder.batchNorm2d { n -> norm(n, eps, momentum, affine, name) }
    }

    /** torch's `nn.LayerNorm` over the trailing [normalizedShape] (default: the last dimension). */
    public fun layerNorm(normalizedShape: IntArray? = null, eps: Double = 1e-5, affine: Boolean = true, name: String? = null) {
        builder.layerNorm { n ->
            norm(n, eps, 0.1, affine, name)
            normalizedShape?.let { s -> n.normalizedShape(*LongArray(s.size) { s[it].toLong() }) }
        }
    }

    private fun norm(n: NormSpec, eps: Double, momentum: Double, affine: Boolean, name: String?) {
        n.eps(eps).momentum(momentum).affine(affine)
        name?.let { n.name(it) }
    }

    /**
     * torch's `nn.Embedding(count, dim)` as the first layer: the input then holds integer token
     * indices, `[batch, tokens]` -> `[batch, tokens, dim]`; weight N(0, 1) unless [init].
     */
    public fun embedding(count: Int, dim: Int, init: Init? = null) {
        if (init == null) builder.embedding(count.toLong(), dim.toLong()) else builder.embedding(count.toLong(), dim.toLong(), init)
    }

    /** The mean over [axis] (1 is the first axis after the batch), which is dropped: torch's `x.mean(dim = axis)`. */
    public fun mean(axis: Int) {
        builder.mean(axis)
    }
}

// Activations, for layers: dense(32, activation = relu)

/** max(x, 0), torch's `relu`. */
public val relu: Activation = Activation.relu()

/** Hyperbolic tangent. */
public val tanh: Activation = Activation.tanh()

/** The logistic function 1 / (1 + e^-x). */
public val sigmoid: Activation = Activation.sigmoid()

/** GELU, exact form (torch's `approximate='none'`). */
public val gelu: Activation = Activation.gelu()

/** GELU, tanh approximation (torch's `approximate='tanh'`). */
public val geluTanh: Activation = Activation.geluTanh()

/** SiLU (swish): x · sigmoid(x). */
public val silu: Activation = Activation.silu()

/** Softplus with torch's defaults (beta 1, threshold 20). */
public val softplus: Activation = Activation.softplus()

/** ELU with alpha 1. */
public val elu: Activation = Activation.elu()

/** Leaky ReLU with torch's default slope 0.01. */
public val leakyRelu: Activation = Activation.leakyRelu()

/** Softmax over the last axis. */
public val softmax: Activation = Activation.softmax(-1)

/** Log-softmax over the last axis. */
public val logSoftmax: Activation = Activation.logSoftmax(-1)

/** Leaky ReLU: x for x > 0, [slope] · x otherwise. */
public fun leakyRelu(slope: Double): Activation = Activation.leakyRelu(slope)

/** ELU: x for x > 0, [alpha] · (e^x - 1) otherwise. */
public fun elu(alpha: Double): Activation = Activation.elu(alpha)

/** torch's softplus, log(1 + e^(beta x)) / beta, and x where beta x > [threshold] (>= 15). */
public fun softplus(beta: Double, threshold: Double = 20.0): Activation = Activation.softplus(beta, threshold)

/**
 * Your own activation, named [name] in summaries: `activation("swish") { x -> x * sigmoid(x) }`.
 * The result must have the shape of its input.
 */
public fun activation(name: String, function: (Expr) -> Expr): Activation = object : Activation {
    override fun apply(x: Expr): Expr = function(x)
    override fun name(): String = name
    override fun toString(): String = name
}

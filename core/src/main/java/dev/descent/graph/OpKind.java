package dev.descent.graph;

/**
 * Every operation the IR knows. Each kind has one shape rule (in {@link Ops}) and one lowering
 * (in {@code dev.descent.compile}); the finite-difference gradient test covers every kind.
 */
public enum OpKind {
    // leaves
    PARAM, INPUT, CONSTANT,
    // elementwise binary, with broadcasting
    ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM,
    // elementwise unary
    NEG, EXP, LOG, TANH, SIGMOID, RELU, ABS, SQUARE, SQRT, SIN, COS, ERF,
    /** {@code log(1 + x)}, accurate for small x (softplus, BCE with logits). */
    LOG1P,
    /** {@code exp(x) - 1}, accurate for small x (ELU). */
    EXPM1,
    /** x^p for a scalar exponent p (attribute {@code p}). */
    POW,
    /** Leaky ReLU with negative slope (attribute {@code alpha}). */
    LEAKY_RELU,
    // reductions (attributes {@code axes}: int[], empty = all; {@code keepDims}: boolean)
    SUM, MEAN, MAX,
    // structure
    MATMUL, TRANSPOSE, RESHAPE,
    /** Index along axis 0 (attribute {@code index}); drops that axis. */
    INDEX,
    /** One-hot encoding of integer class indices (attribute {@code depth}); not differentiable. */
    ONE_HOT,
    /** Softmax along an axis (attribute {@code axis}). */
    SOFTMAX,
    /** Log-softmax along an axis (attribute {@code axis}). */
    LOG_SOFTMAX,
    // convolution and pooling over NCHW input (attribute {@code window}: a {@link Window2d})
    /** torch's {@code conv2d}: input [N, C, H, W], weight [out, C, kh, kw], optional bias [out]. */
    CONV2D,
    /** torch's {@code max_pool2d}: padding counts as -infinity. */
    MAX_POOL2D,
    /** torch's {@code avg_pool2d} with {@code count_include_pad=True}: every window divides by kh * kw. */
    AVG_POOL2D,
    // state that is not trained (see {@link ModelGraph#buffers()})
    /** A leaf holding a buffer such as a running mean: fed from the compiled model's own array, never trained. */
    BUFFER,
    /**
     * A running statistic: in training steps the value of operand 0 (a statistic of the batch), when
     * evaluating operand 1 (the buffer); after each training step the buffer moves towards the
     * statistic (attributes {@code momentum}, {@code unbiased}); operand 2 is the tensor the
     * statistic was reduced from (its size gives the element count n of the unbiased correction).
     */
    RUNNING_STAT
}

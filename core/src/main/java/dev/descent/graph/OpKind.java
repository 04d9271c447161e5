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
    LOG_SOFTMAX
}

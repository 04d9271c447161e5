/**
 * Model declaration: activations ({@link dev.descent.dsl.nn.Activation}), parameter initialisers
 * ({@link dev.descent.dsl.nn.Init}) and the {@link dev.descent.dsl.nn.Sequential} stack of layers
 * (dense, activation, dropout, flatten; convolution and pooling ({@link dev.descent.dsl.nn.ConvSpec}),
 * batch and layer norm ({@link dev.descent.dsl.nn.NormSpec}), embedding, mean over an axis) that
 * builds an expression of the core IR with named, seeded parameters and buffers. Shapes are checked
 * while the stack is built, layer by layer. {@link dev.descent.dsl.nn.TorchParameter} says where each
 * parameter sits in the state_dict of the equivalent torch {@code nn.Sequential}. The options layers
 * share are said once: {@link dev.descent.dsl.nn.LayerOptions} (initialisers, name) and
 * {@link dev.descent.dsl.nn.LinearLayerOptions} (activation, bias, and the weight and bias they make).
 *
 * <pre>{@code
 * Sequential net = Sequential.builder().input(784).dense(256, Activation.relu()).dense(10).seed(42).build();
 * Expr logits = net.output();
 * }</pre>
 */
@NullMarked
package dev.descent.dsl.nn;

import org.jspecify.annotations.NullMarked;

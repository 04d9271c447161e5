package dev.descent.dsl.nn;

import dev.descent.graph.Expr;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import dev.descent.graph.ShapeException;
import dev.descent.graph.Window2d;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stack of layers applied in order to one input, built into an expression of the core IR with
 * named, seeded parameters ({@code layer0.weight}, {@code layer0.bias}, ...; layers are numbered
 * in the order they are added, activation and dropout layers included, like torch's
 * {@code nn.Sequential}). Every layer's input shape is checked while {@link Builder#build()} runs,
 * and a wrong wiring fails there, naming the layer, the expected and actual shapes and the fix.
 *
 * <pre>{@code
 * Sequential net = Sequential.builder()
 *         .input(784)
 *         .dense(256, Activation.relu())
 *         .dropout(0.2)
 *         .dense(10)
 *         .seed(42)
 *         .build();
 * Expr logits = net.output();                       // over the input "x" of shape [batch, 784]
 * Expr loss = Loss.crossEntropy().apply(logits, Ops.indexInput("y", Shape.ANY));
 * }</pre>
 *
 * <p>Dropout layers add inputs that the training loop must feed: see {@link #auxiliaryInputs()}
 * and {@link #auxiliaryFeed(long, boolean, long)}.
 */
public final class Sequential {
    private final Expr input;
    private final Expr output;
    private final List<LayerSpec.Bound> layers;
    private final Map<String, Expr> parameters;
    private final List<AuxiliaryInput> auxiliaryInputs;
    private final long seed;

    private Sequential(Expr input, List<LayerSpec.Bound> layers, long seed) {
        this.input = input;
        this.layers = List.copyOf(layers);
        this.seed = seed;
        Map<String, Expr> ps = new LinkedHashMap<>();
        List<AuxiliaryInput> aux = new ArrayList<>();
        for (LayerSpec.Bound l : layers) {
            ps.putAll(l.parameters());
            aux.addAll(l.auxiliaryInputs());
        }
        this.parameters = Collections.unmodifiableMap(ps);
        this.auxiliaryInputs = List.copyOf(aux);
        this.output = forward(input);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a model from a configuring lambda: {@code Sequential.of(b -> b.input(4).dense(1))}. */
    public static Sequential of(Consumer<Builder> spec) {
        Builder b = new Builder();
        spec.accept(b);
        return b.build();
    }

    /** The model's input expression, {@code [batch, features...]}. */
    public Expr input() {
        return input;
    }

    /** The last layer's output over {@link #input()} (logits, predictions). */
    public Expr output() {
        return output;
    }

    /**
     * The layers applied to another expression (sharing this model's parameters). Its shape must
     * match the declared input's, the batch dimension aside.
     */
    public Expr apply(Expr x) {
        Shape declared = input.shape();
        Shape actual = x.shape();
        boolean ok = actual.rank() == declared.rank();
        for (int i = 1; ok && i < declared.rank(); i++) {
            ok = actual.dim(i) == declared.dim(i);
        }
        if (ok && !auxiliaryInputs.isEmpty() && actual.dim(0) != Shape.ANY) {
            throw new ShapeException("Sequential.apply(" + x.name() + "): the model has dropout, whose mask has an open batch "
                    + "dimension, but " + x.name() + " has the fixed shape " + actual
                    + ". Fix: declare the input with Shape.ANY as its first dimension.");
        }
        if (!ok) {
            throw new ShapeException("Sequential.apply(" + x.name() + "): the model's input has shape " + declared
                    + " but " + x.name() + " has shape " + actual + ". Fix: reshape the expression to " + declared
                    + " ('batch' being any number of rows).");
        }
        return forward(x);
    }

    private Expr forward(Expr x) {
        Expr h = x;
        for (LayerSpec.Bound l : layers) {
            h = l.forward(h);
        }
        return h;
    }

    /** The parameters by name, in layer order (weight before bias). */
    public Map<String, Expr> parameters() {
        return parameters;
    }

    /** The inputs besides the data that must be fed with every batch (dropout masks); empty without dropout. */
    public List<AuxiliaryInput> auxiliaryInputs() {
        return auxiliaryInputs;
    }

    /**
     * The arrays to add to a batch for every auxiliary input: seeded random masks when
     * {@code training}, all-ones masks otherwise. The same {@code stepSeed} gives the same masks.
     */
    public Map<String, INDArray> auxiliaryFeed(long batchSize, boolean training, long stepSeed) {
        Map<String, INDArray> feed = new LinkedHashMap<>();
        for (AuxiliaryInput a : auxiliaryInputs) {
            feed.put(a.name(), training ? a.trainingValue(batchSize, stepSeed) : a.evalValue(batchSize));
        }
        return feed;
    }

    /**
     * The parameters under the names and layouts of the equivalent torch {@code nn.Sequential}'s
     * {@code state_dict}: modules are counted as torch counts them (a dense layer with an activation
     * is {@code nn.Linear} and then the activation's module, so {@code dense(16, tanh).dense(3)}
     * has {@code 0.weight}, {@code 0.bias}, {@code 2.weight}, {@code 2.bias}; dropout and flatten take
     * an index too, and so does a convolution's activation); dense weights are transposed
     * ({@code [out, in]} there; convolution, norm and embedding weights have torch's layout already);
     * batch norm's {@code running_mean} and {@code running_var} buffers are included (torch's
     * {@code num_batches_tracked} is not: Descent keeps no such counter); a {@code prefix("enc")}
     * becomes torch's submodule name ({@code enc.0.weight}). Custom layer names do not change the
     * index, as in torch.
     */
    public List<TorchParameter> torchParameters() {
        List<TorchParameter> out = new ArrayList<>();
        int index = 0;
        for (LayerSpec.Bound l : layers) {
            List<String> names = new ArrayList<>(l.parameters().keySet());
            names.addAll(l.bufferNames());
            for (String p : names) {
                String suffix = p.substring(p.lastIndexOf('.') + 1);
                String prefix = p.substring(0, p.length() - (l.name() + "." + suffix).length());
                out.add(new TorchParameter(p, prefix + index + "." + suffix, l.transposedInTorch(p)));
            }
            index += l.torchModules();
        }
        return List.copyOf(out);
    }

    /** The layer names, in order. */
    public List<String> layerNames() {
        return layers.stream().map(LayerSpec.Bound::name).toList();
    }

    /** The seed the parameters were drawn with. */
    public long seed() {
        return seed;
    }

    /** One line per layer: name, what it does and its output shape. */
    public String summary() {
        StringBuilder sb = new StringBuilder("input ").append(input.name()).append(' ').append(input.shape());
        for (LayerSpec.Bound l : layers) {
            sb.append('\n').append(l.name()).append(": ").append(l.description()).append(" -> ").append(l.outputShape());
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return summary();
    }

    static String checkName(@Nullable String name, String what) {
        if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_\\-]*")) {
            throw new IllegalArgumentException("Invalid " + what + " '" + name + "': use letters, digits, '_' or '-',"
                    + " starting with a letter or '_' (e.g. \"fc1\")");
        }
        return name;
    }

    /** Collects the input, the layers and the seed; {@link #build()} creates the parameters and checks shapes. */
    public static final class Builder {
        private long @Nullable [] inputDims;
        private String inputName = "x";
        private String prefix = "";
        private long seed;
        private Init weightInit = Init.torchDefault();
        private Init biasInit = Init.torchDefault();
        private final List<LayerSpec> specs = new ArrayList<>();
        private final List<String> names = new ArrayList<>();

        private Builder() {
        }

        /** The per-sample input shape, e.g. {@code input(784)} or {@code input(1, 28, 28)}; the batch dimension is implied. */
        public Builder input(long... featureDims) {
            if (featureDims.length == 0) {
                throw new IllegalArgumentException("input(): give the per-sample shape, e.g. input(784) for 784 features");
            }
            for (long d : featureDims) {
                if (d < 1) {
                    throw new IllegalArgumentException("input" + java.util.Arrays.toString(featureDims) + ": every dimension must be"
                            + " >= 1 (the batch dimension is added for you; do not pass -1)");
                }
            }
            this.inputDims = featureDims.clone();
            return this;
        }

        /** The input's name in the graph (default {@code "x"}): the key its batches are fed under. */
        public Builder inputName(String name) {
            this.inputName = checkName(name, "input name");
            return this;
        }

        /** A prefix for every parameter and auxiliary input name ({@code prefix(\"enc\")} gives {@code enc.layer0.weight}). */
        public Builder prefix(String prefix) {
            this.prefix = checkName(prefix, "prefix") + ".";
            return this;
        }

        /** The seed for every random initialiser (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Default weight initialiser of dense layers (default {@link Init#torchDefault()}). */
        public Builder weightInit(Init init) {
            this.weightInit = Objects.requireNonNull(init, "init");
            return this;
        }

        /** Default bias initialiser of dense layers (default {@link Init#torchDefault()}). */
        public Builder biasInit(Init init) {
            this.biasInit = Objects.requireNonNull(init, "init");
            return this;
        }

        /** A dense layer of {@code units} outputs, input width inferred, no activation. */
        public Builder dense(long units) {
            return dense(d -> d.units(units));
        }

        /** A dense layer followed by {@code activation}. */
        public Builder dense(long units, Activation activation) {
            return dense(d -> d.units(units).activation(activation));
        }

        /** A dense layer configured by a lambda (units, activation, bias, initialisers, name). */
        public Builder dense(Consumer<DenseSpec> configure) {
            DenseSpec spec = new DenseSpec();
            configure.accept(spec);
            if (spec.units < 1) {
                throw new IllegalArgumentException("dense layer " + specs.size() + ": no output width given. Fix: call units(n).");
            }
            return add(new Dense(spec), spec.name);
        }

        /** torch's {@code nn.Linear(in, out)}: a dense layer whose declared input width is checked at build time. */
        public Builder linear(long in, long out) {
            return dense(d -> d.inFeatures(in).units(out));
        }

        /** {@code nn.Linear(in, out)} followed by {@code activation}. */
        public Builder linear(long in, long out, Activation activation) {
            return dense(d -> d.inFeatures(in).units(out).activation(activation));
        }

        /** An activation layer. */
        public Builder activation(Activation activation) {
            Objects.requireNonNull(activation, "activation");
            return add(SimpleLayers.activation(activation), null);
        }

        public Builder relu() {
            return activation(Activation.relu());
        }

        public Builder tanh() {
            return activation(Activation.tanh());
        }

        public Builder sigmoid() {
            return activation(Activation.sigmoid());
        }

        /**
         * Dropout with drop probability {@code p} in [0, 1]. Adds a mask input that must be fed
         * with each batch (see {@link Sequential#auxiliaryInputs()}): random in training, ones in
         * evaluation.
         */
        public Builder dropout(double p) {
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException("dropout(p): p = " + p + "; the drop probability must be in [0, 1], e.g. 0.5");
            }
            return add(SimpleLayers.dropout(p), null);
        }

        /**
         * torch's {@code nn.Conv2d(in, outChannels, kernel)} over NCHW input (input channels
         * inferred), stride 1, no padding; weight [out, in, k, k], bias [out].
         */
        public Builder conv2d(long outChannels, long kernel) {
            return conv2d(c -> c.outChannels(outChannels).kernel(kernel));
        }

        /** {@code conv2d(outChannels, kernel)} followed by {@code activation}. */
        public Builder conv2d(long outChannels, long kernel, Activation activation) {
            return conv2d(c -> c.outChannels(outChannels).kernel(kernel).activation(activation));
        }

        /** A 2-D convolution configured by a lambda (channels, kernel, stride, padding, dilation, bias, activation, ...). */
        public Builder conv2d(Consumer<ConvSpec> configure) {
            return conv(configure, false);
        }

        /** torch's {@code nn.Conv1d(in, outChannels, kernel)} over [batch, channels, length] input; weight [out, in, k]. */
        public Builder conv1d(long outChannels, long kernel) {
            return conv1d(c -> c.outChannels(outChannels).kernel(kernel));
        }

        /** A 1-D convolution configured by a lambda (as {@link #conv2d(Consumer)}; kernel, stride, padding, dilation along the length). */
        public Builder conv1d(Consumer<ConvSpec> configure) {
            return conv(configure, true);
        }

        private Builder conv(Consumer<ConvSpec> configure, boolean oneD) {
            ConvSpec spec = new ConvSpec();
            configure.accept(spec);
            String kind = oneD ? "conv1d" : "conv2d";
            if (spec.outChannels < 1 || spec.kernelW < 1) {
                throw new IllegalArgumentException(kind + " layer " + specs.size() + ": outChannels = " + spec.outChannels
                        + ", kernel = " + spec.kernelW + "; both are required. Fix: " + kind + "(c -> c.outChannels(16).kernel(3)).");
            }
            if (oneD && (spec.kernelH != spec.kernelW || spec.strideH != spec.strideW || spec.padH != spec.padW
                    || spec.dilationH != spec.dilationW)) {
                throw new IllegalArgumentException("conv1d layer " + specs.size() + ": a 1-D convolution has one kernel size,"
                        + " stride, padding and dilation. Fix: kernel(k), stride(s), padding(p), dilation(d) with one value each.");
            }
            if (oneD) {
                spec.kernelH = 1;
                spec.strideH = 1;
                spec.padH = 0;
                spec.dilationH = 1;
            }
            return add(new Conv(spec, oneD), spec.name);
        }

        /** torch's {@code nn.MaxPool2d(kernel)}: stride = kernel, no padding. */
        public Builder maxPool2d(long kernel) {
            return maxPool2d(kernel, kernel, 0);
        }

        /** torch's {@code nn.MaxPool2d(kernel, stride, padding)} (padding at most half the kernel). */
        public Builder maxPool2d(long kernel, long stride, long padding) {
            return maxPool2d(Window2d.of(kernel, kernel).withStride(stride, stride).withPadding(padding, padding));
        }

        /** Max pooling over any window, e.g. {@code Window2d.of(2, 3).withStride(2, 3)}. */
        public Builder maxPool2d(Window2d window) {
            return add(SimpleLayers.pool("maxPool2d", Objects.requireNonNull(window, "window"), false), null);
        }

        /** torch's {@code nn.AvgPool2d(kernel)}: stride = kernel, no padding. */
        public Builder avgPool2d(long kernel) {
            return avgPool2d(kernel, kernel, 0);
        }

        /** torch's {@code nn.AvgPool2d(kernel, stride, padding)}, {@code count_include_pad=True}: every window divides by kernel². */
        public Builder avgPool2d(long kernel, long stride, long padding) {
            return avgPool2d(Window2d.of(kernel, kernel).withStride(stride, stride).withPadding(padding, padding));
        }

        /** Average pooling over any window. */
        public Builder avgPool2d(Window2d window) {
            return add(SimpleLayers.pool("avgPool2d", Objects.requireNonNull(window, "window"), false), null);
        }

        /** torch's {@code nn.MaxPool1d(kernel)} over [batch, channels, length]: stride = kernel, no padding. */
        public Builder maxPool1d(long kernel) {
            return maxPool1d(kernel, kernel, 0);
        }

        /** torch's {@code nn.MaxPool1d(kernel, stride, padding)}. */
        public Builder maxPool1d(long kernel, long stride, long padding) {
            return add(SimpleLayers.pool("maxPool1d", new Window2d(1, kernel, 1, stride, 0, padding, 1, 1), true), null);
        }

        /**
         * torch's {@code nn.BatchNorm1d(features)} over [batch, features] or [batch, channels, length]:
         * batch statistics in training steps ({@code fit}), running statistics when evaluating
         * ({@code predict}, {@code evaluate}); momentum 0.1, eps 1e-5, learned weight and bias.
         */
        public Builder batchNorm1d() {
            return batchNorm1d(n -> { });
        }

        public Builder batchNorm1d(Consumer<NormSpec> configure) {
            return norm(Norm.Kind.BATCH_1D, configure);
        }

        /** torch's {@code nn.BatchNorm2d(channels)} over NCHW input (see {@link #batchNorm1d()}). */
        public Builder batchNorm2d() {
            return batchNorm2d(n -> { });
        }

        public Builder batchNorm2d(Consumer<NormSpec> configure) {
            return norm(Norm.Kind.BATCH_2D, configure);
        }

        /** torch's {@code nn.LayerNorm(last dimension)}: per sample over the last axis, eps 1e-5, learned weight and bias. */
        public Builder layerNorm() {
            return layerNorm(n -> { });
        }

        /** Layer norm configured by a lambda ({@code normalizedShape}, {@code eps}, {@code affine}). */
        public Builder layerNorm(Consumer<NormSpec> configure) {
            return norm(Norm.Kind.LAYER, configure);
        }

        private Builder norm(Norm.Kind kind, Consumer<NormSpec> configure) {
            NormSpec spec = new NormSpec();
            configure.accept(spec);
            return add(new Norm(kind, spec), spec.name);
        }

        /**
         * torch's {@code nn.Embedding(numEmbeddings, dim)} as the first layer: the model's input then
         * holds integer token indices ({@code input(tokens)} gives [batch, tokens] -> [batch, tokens, dim]);
         * weight N(0, 1) as in torch.
         */
        public Builder embedding(long numEmbeddings, long dim) {
            return add(new Embedding(numEmbeddings, dim, null), null);
        }

        /** An embedding whose weight starts from {@code init}. */
        public Builder embedding(long numEmbeddings, long dim, Init init) {
            return add(new Embedding(numEmbeddings, dim, Objects.requireNonNull(init, "init")), null);
        }

        /** The mean over {@code axis} (torch's {@code x.mean(dim=axis)}: axis 1 is the first after the batch), dropping it. */
        public Builder mean(int axis) {
            return add(SimpleLayers.mean(axis), null);
        }

        /** Flattens [batch, d1, d2, ...] to [batch, d1*d2*...]. */
        public Builder flatten() {
            return add(SimpleLayers.flatten(), null);
        }

        private Builder add(LayerSpec spec, @Nullable String name) {
            String n = name != null ? name : "layer" + specs.size();
            if (names.contains(n)) {
                throw new IllegalArgumentException("Duplicate layer name '" + n + "' (layer " + specs.size()
                        + "). Fix: give each layer its own name.");
            }
            specs.add(spec);
            names.add(n);
            return this;
        }

        /** Creates the parameters (seeded) and checks every layer's input shape. */
        public Sequential build() {
            if (inputDims == null) {
                throw new IllegalArgumentException("Sequential: no input declared. Fix: call input(features), e.g. input(784).");
            }
            if (specs.isEmpty()) {
                throw new IllegalArgumentException("Sequential: no layers. Fix: add at least one, e.g. dense(10).");
            }
            long[] dims = new long[inputDims.length + 1];
            dims[0] = Shape.ANY;
            System.arraycopy(inputDims, 0, dims, 1, inputDims.length);
            // an embedding first reads integer token indices
            Expr x = specs.get(0) instanceof Embedding ? Ops.indexInput(inputName, dims) : Ops.input(inputName, dims);
            List<LayerSpec.Bound> bound = new ArrayList<>();
            Shape shape = x.shape();
            String previous = "the input '" + inputName + "'";
            for (int i = 0; i < specs.size(); i++) {
                LayerSpec.Context ctx = new LayerSpec.Context(i, names.get(i), prefix, seed, weightInit, biasInit, previous);
                LayerSpec.Bound b = specs.get(i).bind(shape, ctx);
                bound.add(b);
                shape = b.outputShape();
                previous = "layer " + i + " '" + b.name() + "' (" + b.description() + ")";
            }
            return new Sequential(x, bound, seed);
        }
    }
}

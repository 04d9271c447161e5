package dev.descent.dsl.nn;

import dev.descent.graph.Expr;
import dev.descent.graph.Shape;
import java.util.List;
import java.util.Map;

/** A declared layer; bound once when its {@link Sequential} is built and its input shape known. */
interface LayerSpec {

    /** What a layer needs from the model while being bound. */
    record Context(int index, String name, String prefix, long seed, Init weightInit, Init biasInit, String previous) {
        /** "layer 2 'layer2' (dense -> 10)": how messages name this layer. */
        String describe(String what) {
            return "layer " + index + " '" + name + "' (" + what + ")";
        }

        /** The full name of this layer's parameter or buffer {@code field} ({@code enc.layer0.weight}). */
        String qualified(String field) {
            return prefix + name + "." + field;
        }

        /**
         * The starting value of parameter {@code param} of {@code shape}, drawn by {@code init} with a
         * seed derived from the model's seed and the parameter's name; checked to have that shape.
         */
        org.nd4j.linalg.api.ndarray.INDArray initial(Init init, String param, long[] shape, long fanIn, long fanOut) {
            long s = SplitMix64.derive(seed, param).nextLong();
            org.nd4j.linalg.api.ndarray.INDArray v = init.create(shape, fanIn, fanOut, s);
            if (!java.util.Arrays.equals(v.shape(), shape)) {
                throw new IllegalArgumentException("The initialiser " + init + " of " + param + " returned shape "
                        + java.util.Arrays.toString(v.shape()) + " but the parameter has shape " + java.util.Arrays.toString(shape)
                        + ". Fix: return an array of the requested shape.");
            }
            return v;
        }

        /** Runs {@code build}, prefixing a shape error with this layer's description and what it receives. */
        <T> T checked(String what, Shape in, java.util.function.Supplier<T> build) {
            try {
                return build.get();
            } catch (dev.descent.graph.ShapeException e) {
                throw new dev.descent.graph.ShapeException(describe(what) + ", receiving " + in + " from " + previous + ": "
                        + e.getMessage());
            }
        }
    }

    Bound bind(Shape in, Context ctx);

    /** A layer with its parameters created and its shapes fixed. */
    interface Bound {
        String name();

        /** A one-line description for summaries ("dense 784 -> 256, relu"). */
        String description();

        Shape outputShape();

        /** Applies the layer; {@code x} has the shape the layer was bound with. */
        Expr forward(Expr x);

        Map<String, Expr> parameters();

        List<AuxiliaryInput> auxiliaryInputs();

        /**
         * How many modules of torch's {@code nn.Sequential} this layer is: 1, or 2 for a dense
         * layer with an activation ({@code nn.Linear} then the activation's module).
         */
        default int torchModules() {
            return 1;
        }

        /** Whether torch stores parameter {@code name} as the transpose of ours (a dense layer's weight). */
        default boolean transposedInTorch(String name) {
            return false;
        }

        /** The layer's buffers (batch norm's running statistics), which torch's {@code state_dict} also holds. */
        default List<String> bufferNames() {
            return List.of();
        }
    }
}

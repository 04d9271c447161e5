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
    }
}

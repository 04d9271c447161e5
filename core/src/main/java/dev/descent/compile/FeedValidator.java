package dev.descent.compile;

import dev.descent.DescentException;
import dev.descent.graph.Expr;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.OpKind;
import dev.descent.graph.Ops;
import dev.descent.graph.Shape;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks every fed array before anything native runs: SameDiff reports wrong shapes with an empty
 * message (the reason goes to native stdout), so a wrong feed must never reach it.
 */
final class FeedValidator {
    private final Map<String, Expr> inputs;
    /** For index inputs: the number of classes their one-hot consumers expect. */
    private final Map<String, Integer> classCounts = new HashMap<>();

    FeedValidator(ModelGraph graph) {
        this.inputs = graph.inputs();
        for (Expr e : graph.topologicalOrder()) {
            if (e.op() == OpKind.ONE_HOT) {
                Expr src = e.inputs().get(0);
                while (src.op() == OpKind.RESHAPE) {
                    src = src.inputs().get(0); // an embedding's indices, flattened
                }
                if (src.op() == OpKind.INPUT) {
                    classCounts.merge(src.name(), (Integer) e.attrs().get(Ops.DEPTH), Math::min);
                }
            }
        }
    }

    /** Validates and converts (dtype) the arrays needed for {@code needed}; returns what to feed. */
    Map<String, INDArray> prepare(Map<String, INDArray> batch, Collection<String> needed) {
        for (String name : batch.keySet()) {
            if (!inputs.containsKey(name)) {
                throw new DescentException("Unknown input '" + name + "': the model's inputs are " + inputs.keySet()
                        + ". Fix: rename the array or drop it from the batch.");
            }
        }
        Map<String, INDArray> feed = new HashMap<>();
        long batchSize = -1;
        String batchFrom = null;
        for (String name : needed) {
            INDArray arr = batch.get(name);
            Expr decl = inputs.get(name);
            if (arr == null) {
                throw new DescentException("Missing input '" + name + "' (declared shape " + decl.shape()
                        + "): the batch holds only " + batch.keySet() + ". Fix: add an array named '" + name + "'.");
            }
            long[] actual = arr.shape();
            if (!decl.shape().accepts(actual)) {
                throw new DescentException("Input '" + name + "' has shape " + Arrays.toString(actual)
                        + " but the model declares " + decl.shape() + " (rank " + decl.shape().rank()
                        + "). Fix: reshape the data to " + decl.shape() + ", 'batch' being the number of samples.");
            }
            long[] dims = decl.shape().dims();
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] == Shape.ANY) {
                    if (batchSize >= 0 && actual[i] != batchSize) {
                        throw new DescentException("Inputs disagree on the batch size: '" + batchFrom + "' has " + batchSize
                                + " samples but '" + name + "' has " + actual[i]
                                + ". Fix: give every input the same number of rows.");
                    }
                    batchSize = actual[i];
                    batchFrom = name;
                }
            }
            if (arr.length() == 0) {
                throw new DescentException("Input '" + name + "' is empty (shape " + Arrays.toString(actual)
                        + "). Fix: feed at least one sample.");
            }
            feed.put(name, convert(name, decl, arr));
        }
        return feed;
    }

    /** Up to this many labels, checking and converting them is a Java loop into a reused buffer. */
    private static final int SMALL = 1 << 20;
    /** Per index input: the INT64 array the last batch of that size was converted into (reused every step). */
    private final Map<String, INDArray> indexBuffers = new HashMap<>();

    /**
     * Float class indices of a typical batch: checked (whole numbers, in range) and converted in one
     * pass, without the native round/min/max/cast calls and their per-step allocations.
     */
    private INDArray smallFloatIndices(String name, INDArray arr) {
        int n = (int) arr.length();
        INDArray out = indexBuffers.get(name);
        if (out == null || out.length() != n || !java.util.Arrays.equals(out.shape(), arr.shape())) {
            out = org.nd4j.linalg.factory.Nd4j.createUninitialized(DataType.INT64, arr.shape());
            indexBuffers.put(name, out);
        }
        float[] values = new float[n];
        arr.data().asNioFloat().get(0, values, 0, n);
        Integer classes = classCounts.get(name);
        long limit = classes == null ? Long.MAX_VALUE : classes;
        long[] indices = new long[n];
        // one tight loop (the error messages are built elsewhere: string building in the loop made
        // this one of the costliest methods for the JIT to compile, and compile it twice)
        for (int i = 0; i < n; i++) {
            float v = values[i];
            long c = (long) v;
            if (c != v || c < 0 || c >= limit) {
                throw badIndex(name, v, i, classes);
            }
            indices[i] = c;
        }
        out.data().asNioLong().put(0, indices, 0, n);
        return out;
    }

    private static DescentException badIndex(String name, float v, int i, @Nullable Integer classes) {
        if (v != Math.rint(v) || Float.isInfinite(v)) {
            return new DescentException("Input '" + name + "' holds class indices, but has the value " + v + " at position "
                    + i + ". Fix: feed whole numbers 0..classes-1.");
        }
        return new DescentException("Input '" + name + "' has class index " + (long) v + " at position " + i
                + (classes == null ? "; class indices must be >= 0" : " but the model has " + classes
                        + " classes; valid indices are 0.." + (classes - 1))
                + ". Fix: re-encode the labels or widen the output layer.");
    }

    private INDArray convert(String name, Expr decl, INDArray arr) {
        if (Ops.INT_INDICES.equals(decl.attrs().get(Ops.DTYPE))) {
            if (arr.dataType() == DataType.FLOAT && !arr.isView() && arr.ordering() == 'c' && arr.length() <= SMALL
                    && dev.descent.ExecutionPath.hostBuffers()) {
                return smallFloatIndices(name, arr);
            }
            if (arr.dataType().isFPType()) {
                INDArray rounded = org.nd4j.linalg.ops.transforms.Transforms.round(arr, true);
                if (!rounded.equals(arr)) {
                    throw new DescentException("Input '" + name + "' holds class indices, but has fractional values (dtype "
                            + arr.dataType() + "). Fix: feed whole numbers 0..classes-1.");
                }
            } else if (!arr.dataType().isIntType()) {
                throw new DescentException("Input '" + name + "' holds class indices but has dtype " + arr.dataType()
                        + ". Fix: feed an integer or float array of whole numbers.");
            }
            INDArray idx = arr.dataType() == DataType.INT64 ? arr : arr.castTo(DataType.INT64);
            Integer classes = classCounts.get(name);
            if (classes != null) {
                long min = idx.minNumber().longValue();
                long max = idx.maxNumber().longValue();
                if (min < 0 || max >= classes) {
                    throw new DescentException("Input '" + name + "' has class index " + (min < 0 ? min : max)
                            + " but the model has " + classes + " classes; valid indices are 0.." + (classes - 1)
                            + ". Fix: re-encode the labels or widen the output layer.");
                }
            }
            return idx;
        }
        if (!arr.dataType().isNumerical() || arr.dataType() == DataType.BOOL) {
            throw new DescentException("Input '" + name + "' has dtype " + arr.dataType()
                    + "; the model expects floating-point numbers. Fix: cast it with castTo(DataType.FLOAT).");
        }
        return arr.dataType() == DataType.FLOAT ? arr : arr.castTo(DataType.FLOAT);
    }
}

package dev.descent.parity;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descent.DescentException;
import dev.descent.graph.ConvOps;
import dev.descent.graph.Expr;
import dev.descent.graph.Functional;
import dev.descent.graph.Ops;
import dev.descent.graph.Window2d;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Builds the expression of a {@code torch.nn.Sequential} described as in {@code torch-layers.json}
 * (a list of modules with torch's keyword arguments) from a torch {@code state_dict}. Torch's names
 * ({@code 0.weight}, {@code 1.running_var}) become ours by a prefix ({@code m0.weight}: names
 * start with a letter); linear weights are transposed to our [in, out] layout on the way in and
 * back on the way out ({@link #toTorch}).
 */
final class TorchModules {
    private final Map<String, INDArray> stateDict;
    /** Our parameter and buffer names by torch's, in module order. */
    final Map<String, String> names = new LinkedHashMap<>();
    /** Torch names of linear weights (stored transposed). */
    private final java.util.Set<String> transposed = new java.util.HashSet<>();

    TorchModules(Map<String, INDArray> stateDict) {
        this.stateDict = stateDict;
    }

    /** Our name of the torch state_dict entry {@code torchName}. */
    static String ours(String torchName) {
        return "m" + torchName;
    }

    /** Our array of a torch state_dict entry in torch's layout. */
    INDArray toTorch(String torchName, INDArray ours) {
        return transposed.contains(torchName) ? ours.transpose() : ours;
    }

    /** Applies every module of {@code layers} in turn to {@code x}. */
    Expr apply(JsonNode layers, Expr x) {
        Expr h = x;
        for (int i = 0; i < layers.size(); i++) {
            h = module(i, layers.get(i), h);
        }
        return h;
    }

    private Expr module(int index, JsonNode spec, Expr x) {
        String type = spec.path("type").asText();
        String p = index + ".";
        switch (type) {
            case "linear": {
                Expr w = param(p + "weight", true);
                Expr y = x.matmul(w);
                return has(p + "bias") ? y.plus(param(p + "bias", false)) : y;
            }
            case "conv2d": {
                Window2d w = window(spec, 1).withDilation(pair(spec, "dilation", 1)[0], pair(spec, "dilation", 1)[1]);
                return ConvOps.conv2d(x, param(p + "weight", false), optional(p + "bias"), w);
            }
            case "conv1d":
                return ConvOps.conv1d(x, param(p + "weight", false), optional(p + "bias"), spec.path("stride").asLong(1),
                        spec.path("padding").asLong(0), spec.path("dilation").asLong(1));
            case "maxpool2d":
                return ConvOps.maxPool2d(x, window(spec, 0));
            case "avgpool2d":
                return ConvOps.avgPool2d(x, window(spec, 0));
            case "maxpool1d": {
                long k = spec.path("kernel_size").asLong();
                return ConvOps.maxPool1d(x, k, spec.path("stride").asLong(k), spec.path("padding").asLong(0));
            }
            case "batchnorm1d":
            case "batchnorm2d":
                return Functional.batchNorm(x, optional(p + "weight"), optional(p + "bias"), buffer(p + "running_mean"),
                        buffer(p + "running_var"), spec.path("eps").asDouble(1e-5), spec.path("momentum").asDouble(0.1));
            case "layernorm": {
                int rank = spec.path("normalized_shape").isArray() ? spec.path("normalized_shape").size() : 1;
                return Functional.layerNorm(x, rank, optional(p + "weight"), optional(p + "bias"), spec.path("eps").asDouble(1e-5));
            }
            case "embedding":
                return Functional.embedding(x, param(p + "weight", false));
            case "relu":
                return Ops.relu(x);
            case "tanh":
                return Ops.tanh(x);
            case "sigmoid":
                return Ops.sigmoid(x);
            case "gelu":
                return Functional.gelu(x);
            case "flatten": {
                long width = 1;
                for (int i = 1; i < x.shape().rank(); i++) {
                    width *= x.shape().dim(i);
                }
                return Ops.reshape(x, x.shape().dim(0), width);
            }
            case "mean_dim1":
                return Ops.mean(x, false, 1);
            default:
                throw new DescentException("Unknown module type '" + type + "' (module " + index + "); supported: linear, conv1d,"
                        + " conv2d, maxpool1d, maxpool2d, avgpool2d, batchnorm1d, batchnorm2d, layernorm, embedding, relu, tanh,"
                        + " sigmoid, gelu, flatten, mean_dim1");
        }
    }

    /** A pooling or convolution window from torch's kernel_size, stride (default: the kernel for pooling, else 1) and padding. */
    private static Window2d window(JsonNode spec, int defaultStride) {
        long[] k = pair(spec, "kernel_size", 0);
        long[] s = spec.has("stride") ? pair(spec, "stride", 1) : defaultStride == 0 ? k : new long[] {1, 1};
        long[] pad = pair(spec, "padding", 0);
        return Window2d.of(k[0], k[1]).withStride(s[0], s[1]).withPadding(pad[0], pad[1]);
    }

    private static long[] pair(JsonNode spec, String field, long dflt) {
        JsonNode v = spec.path(field);
        if (v.isArray()) {
            return new long[] {v.get(0).asLong(), v.get(1).asLong()};
        }
        long x = v.asLong(dflt);
        return new long[] {x, x};
    }

    /** A state_dict as JSON ({@code {"0.weight": [[...]], ...}}) as arrays, in its order. */
    static Map<String, INDArray> stateDict(JsonNode node) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> out.put(e.getKey(), JsonArrays.tensor(e.getValue())));
        return out;
    }

    private boolean has(String torchName) {
        return stateDict.containsKey(torchName);
    }

    private @Nullable Expr optional(String torchName) {
        return has(torchName) ? param(torchName, false) : null;
    }

    private Expr param(String torchName, boolean transpose) {
        INDArray v = required(torchName);
        names.put(torchName, ours(torchName));
        if (transpose) {
            transposed.add(torchName);
        }
        return Ops.param(ours(torchName), transpose ? v.transpose().dup() : v);
    }

    private Expr buffer(String torchName) {
        names.put(torchName, ours(torchName));
        return Ops.buffer(ours(torchName), required(torchName));
    }

    private INDArray required(String torchName) {
        INDArray v = stateDict.get(torchName);
        if (v == null) {
            throw new DescentException("The state_dict has no '" + torchName + "' (it holds " + stateDict.keySet() + ")");
        }
        return v;
    }
}

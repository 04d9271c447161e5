package dev.descent.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.graph.ConvOps;
import dev.descent.graph.Expr;
import dev.descent.graph.Window2d;
import dev.descent.graph.ModelGraph;
import dev.descent.graph.OpKind;
import dev.descent.graph.Ops;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes a {@link ModelGraph} as a JSON node list (with parameter values and array constants as
 * tensors) and rebuilds it through the {@link Ops} factories, so a loaded graph is shape-checked
 * exactly like a declared one.
 */
final class GraphCodec {
    /** Far beyond any real model; bounds the work a hostile file can cause. */
    static final int MAX_NODES = 1 << 20;
    private GraphCodec() {
    }

    /** Encodes the graph; parameter values come from {@code params} (the trained values). */
    static ObjectNode encode(ModelGraph graph, Map<String, INDArray> params, Map<String, INDArray> tensorsOut) {
        ObjectNode root = Container.JSON.createObjectNode();
        ArrayNode nodes = root.putArray("nodes");
        Map<Expr, Integer> ids = new IdentityHashMap<>();
        for (Expr e : graph.topologicalOrder()) {
            int id = ids.size();
            ids.put(e, id);
            ObjectNode n = nodes.addObject();
            n.put("id", id);
            n.put("op", e.op().name());
            n.put("name", e.name());
            ArrayNode shape = n.putArray("shape");
            for (long d : e.shape().dims()) {
                shape.add(d);
            }
            ArrayNode ins = n.putArray("inputs");
            for (Expr in : e.inputs()) {
                ins.add(ids.get(in));
            }
            ObjectNode attrs = n.putObject("attrs");
            for (Map.Entry<String, Object> a : e.attrs().entrySet()) {
                Object v = a.getValue();
                if (v instanceof INDArray arr) {
                    // parameters and buffers are saved with their current values (params holds both)
                    String tensor = e.op() == OpKind.PARAM ? "param/" + e.name()
                            : e.op() == OpKind.BUFFER ? "buffer/" + e.name() : "const/" + id;
                    INDArray value = e.op() == OpKind.PARAM || e.op() == OpKind.BUFFER ? params.getOrDefault(e.name(), arr) : arr;
                    tensorsOut.put(tensor, value);
                    attrs.put(a.getKey(), "tensor:" + tensor);
                } else if (v instanceof Double d) {
                    attrs.put(a.getKey(), d);
                } else if (v instanceof Integer i) {
                    attrs.put(a.getKey(), i);
                } else if (v instanceof Boolean b) {
                    attrs.put(a.getKey(), b);
                } else if (v instanceof String s) {
                    attrs.put(a.getKey(), s);
                } else if (v instanceof int[] ia) {
                    ArrayNode arrNode = attrs.putArray(a.getKey());
                    for (int x : ia) {
                        arrNode.add(x);
                    }
                } else if (v instanceof Window2d w) {
                    ArrayNode arrNode = attrs.putArray(a.getKey());
                    for (long x : new long[] {w.kernelH(), w.kernelW(), w.strideH(), w.strideW(), w.padH(), w.padW(),
                        w.dilationH(), w.dilationW()}) {
                        arrNode.add(x);
                    }
                } else if (v instanceof long[] la) {
                    ArrayNode arrNode = attrs.putArray(a.getKey());
                    for (long x : la) {
                        arrNode.add(x);
                    }
                } else {
                    throw new IllegalStateException("cannot encode attribute " + a.getKey() + " of " + e.op());
                }
            }
        }
        ObjectNode outs = root.putObject("outputs");
        graph.outputs().forEach((name, e) -> outs.put(name, ids.get(e)));
        root.put("loss", ids.get(graph.loss()));
        return root;
    }

    /** Rebuilds a graph; any inconsistency is reported as a corrupt file. */
    static ModelGraph decode(JsonNode root, Map<String, INDArray> tensors, String source) {
        List<Expr> built = new ArrayList<>();
        if (!root.path("nodes").isArray() || root.path("nodes").size() > MAX_NODES) {
            throw new CorruptFileException(source + " is malformed: its model graph has no node list or more than "
                    + MAX_NODES + " nodes");
        }
        try {
            for (JsonNode n : root.path("nodes")) {
                if (n.path("id").asInt(-1) != built.size()) {
                    throw new CorruptFileException(source + " is malformed: graph node ids are not sequential");
                }
                OpKind op = OpKind.valueOf(n.path("op").asText());
                List<Expr> ins = new ArrayList<>();
                for (JsonNode i : n.path("inputs")) {
                    int idx = i.asInt(-1);
                    if (idx < 0 || idx >= built.size()) {
                        throw new CorruptFileException(source + " is malformed: node " + built.size()
                                + " refers to a node that does not precede it");
                    }
                    ins.add(built.get(idx));
                }
                Expr e = rebuild(op, n, ins, tensors, source);
                long[] recorded = longs(n.path("shape"));
                if (!java.util.Arrays.equals(recorded, e.shape().dims())) {
                    throw new CorruptFileException(source + " is malformed: node " + e.name() + " has shape "
                            + e.shape() + " but the file records " + java.util.Arrays.toString(recorded));
                }
                built.add(e);
            }
            ModelGraph.Builder b = ModelGraph.builder();
            root.path("outputs").fields().forEachRemaining(o -> b.output(o.getKey(), node(built, o.getValue(), source)));
            return b.loss(node(built, root.path("loss"), source)).build();
        } catch (CorruptFileException e) {
            throw e;
        } catch (RuntimeException e) {
            // a crafted file (valid checksum, nonsense content) ends here: ShapeException from the Ops
            // factories, IllegalArgumentException from OpKind.valueOf, and whatever else a hostile
            // attribute may provoke; none of it may escape as anything but "this file is bad"
            throw new CorruptFileException(source + " is malformed: its model graph cannot be rebuilt (" + e + ")");
        }
    }

    private static Expr node(List<Expr> built, JsonNode id, String source) {
        int i = id.asInt(-1);
        if (i < 0 || i >= built.size()) {
            throw new CorruptFileException(source + " is malformed: it refers to graph node " + id + " which does not exist");
        }
        return built.get(i);
    }

    private static Expr rebuild(OpKind op, JsonNode n, List<Expr> in, Map<String, INDArray> tensors, String source) {
        String name = n.path("name").asText();
        JsonNode attrs = n.path("attrs");
        switch (op) {
            case PARAM:
                return Ops.param(name, tensor(attrs.path(Ops.INIT), tensors, source));
            case BUFFER:
                return Ops.buffer(name, tensor(attrs.path(Ops.INIT), tensors, source));
            case INPUT:
                long[] dims = longs(n.path("shape"));
                return Ops.INT_INDICES.equals(attrs.path(Ops.DTYPE).asText()) ? Ops.indexInput(name, dims)
                        : Ops.input(name, dims);
            default:
                return rebuildOp(op, in, attrs, tensors, source);
        }
    }

    private static Expr rebuildOp(OpKind op, List<Expr> in, JsonNode a, Map<String, INDArray> tensors, String source) {
        switch (op) {
            case CONSTANT:
                JsonNode v = a.path(Ops.VALUE);
                return v.isTextual() ? Ops.constant(tensor(v, tensors, source)) : Ops.constant(v.asDouble());
            case ADD: return Ops.add(in.get(0), in.get(1));
            case SUB: return Ops.sub(in.get(0), in.get(1));
            case MUL: return Ops.mul(in.get(0), in.get(1));
            case DIV: return Ops.div(in.get(0), in.get(1));
            case MAXIMUM: return Ops.maximum(in.get(0), in.get(1));
            case MINIMUM: return Ops.minimum(in.get(0), in.get(1));
            case NEG: return Ops.neg(in.get(0));
            case EXP: return Ops.exp(in.get(0));
            case LOG: return Ops.log(in.get(0));
            case LOG1P: return Ops.log1p(in.get(0));
            case EXPM1: return Ops.expm1(in.get(0));
            case TANH: return Ops.tanh(in.get(0));
            case SIGMOID: return Ops.sigmoid(in.get(0));
            case RELU: return Ops.relu(in.get(0));
            case ABS: return Ops.abs(in.get(0));
            case SQUARE: return Ops.square(in.get(0));
            case SQRT: return Ops.sqrt(in.get(0));
            case SIN: return Ops.sin(in.get(0));
            case COS: return Ops.cos(in.get(0));
            case ERF: return Ops.erf(in.get(0));
            case POW: return Ops.pow(in.get(0), a.path(Ops.P).asDouble());
            case LEAKY_RELU: return Ops.leakyRelu(in.get(0), a.path(Ops.ALPHA).asDouble());
            case SUM: return Ops.sum(in.get(0), a.path(Ops.KEEP_DIMS).asBoolean(), ints(a.path(Ops.AXES)));
            case MEAN: return Ops.mean(in.get(0), a.path(Ops.KEEP_DIMS).asBoolean(), ints(a.path(Ops.AXES)));
            case MAX: return Ops.max(in.get(0), a.path(Ops.KEEP_DIMS).asBoolean(), ints(a.path(Ops.AXES)));
            case MATMUL: return Ops.matmul(in.get(0), in.get(1));
            case TRANSPOSE: return Ops.transpose(in.get(0));
            case RESHAPE: return Ops.reshape(in.get(0), longs(a.path(Ops.SHAPE)));
            case INDEX: return Ops.index(in.get(0), a.path(Ops.INDEX).asInt());
            case ONE_HOT: return Ops.oneHot(in.get(0), a.path(Ops.DEPTH).asInt());
            case SOFTMAX: return Ops.softmax(in.get(0), a.path(Ops.AXIS).asInt());
            case LOG_SOFTMAX: return Ops.logSoftmax(in.get(0), a.path(Ops.AXIS).asInt());
            case RUNNING_STAT:
                return Ops.runningStat(in.get(0), in.get(1), in.get(2), a.path(Ops.MOMENTUM).asDouble(),
                        a.path(Ops.UNBIASED).asBoolean());
            case CONV2D: return ConvOps.conv2d(in.get(0), in.get(1), in.size() == 3 ? in.get(2) : null, window(a));
            case MAX_POOL2D: return ConvOps.maxPool2d(in.get(0), window(a));
            case AVG_POOL2D: return ConvOps.avgPool2d(in.get(0), window(a));
            default:
                throw new CorruptFileException(source + " uses operation " + op + ", which this version cannot load");
        }
    }

    private static INDArray tensor(JsonNode ref, Map<String, INDArray> tensors, String source) {
        String key = ref.asText("");
        INDArray t = key.startsWith("tensor:") ? tensors.get(key.substring(7)) : null;
        if (t == null) {
            throw new CorruptFileException(source + " is malformed: missing tensor " + key);
        }
        return t;
    }

    private static Window2d window(JsonNode attrs) {
        long[] w = longs(attrs.path(ConvOps.WINDOW));
        if (w.length != 8) {
            throw new IllegalArgumentException("a window needs 8 numbers, found " + w.length);
        }
        return new Window2d(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]);
    }

    private static int[] ints(JsonNode n) {
        int[] out = new int[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asInt();
        }
        return out;
    }

    private static long[] longs(JsonNode n) {
        long[] out = new long[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asLong();
        }
        return out;
    }
}

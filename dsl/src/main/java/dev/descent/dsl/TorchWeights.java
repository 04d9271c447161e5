package dev.descent.dsl;

import dev.descent.DescentException;
import dev.descent.dsl.nn.TorchParameter;
import dev.descent.store.Safetensors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model's parameters under torch's {@code state_dict} names and layouts, through safetensors
 * files (see {@link Model#saveSafetensors} and {@link Model#loadSafetensors}). The layout is kept
 * in the model file's metadata ({@value #METADATA_KEY}: {@code ours=theirs} pairs, {@code :T} for
 * a transposed one), so a loaded model maps as the declared one did.
 */
final class TorchWeights {
    static final String METADATA_KEY = "torch.names";

    private TorchWeights() {
    }

    /** The layout as model-file metadata. */
    static String encode(List<TorchParameter> layout) {
        List<String> parts = new ArrayList<>();
        for (TorchParameter p : layout) {
            parts.add(p.name() + "=" + p.torchName() + (p.transposed() ? ":T" : ""));
        }
        return String.join(";", parts);
    }

    /** The layout stored by {@link #encode}, or every parameter under its own name when there is none. */
    static List<TorchParameter> decode(Map<String, String> metadata, List<String> params, Path source) {
        String text = metadata.get(METADATA_KEY);
        if (text == null || text.isEmpty()) {
            return identity(params);
        }
        List<TorchParameter> out = new ArrayList<>();
        for (String part : text.split(";")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                throw new DescentException(source + " has a malformed " + METADATA_KEY + " entry '" + part + "'");
            }
            boolean t = part.endsWith(":T");
            out.add(new TorchParameter(part.substring(0, eq), part.substring(eq + 1, t ? part.length() - 2 : part.length()), t));
        }
        return out;
    }

    static List<TorchParameter> identity(List<String> params) {
        return params.stream().map(p -> new TorchParameter(p, p, false)).toList();
    }

    static void save(Path path, Map<String, INDArray> params, List<TorchParameter> layout, Map<String, String> metadata) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (TorchParameter p : layout) {
            INDArray v = params.get(p.name());
            out.put(p.torchName(), p.transposed() ? v.transpose().dup('c') : v);
        }
        Safetensors.write(path, out, metadata);
    }

    /**
     * The model's parameters from a torch {@code state_dict} in {@code path}: every name must be
     * there with torch's shape, and nothing else (torch's {@code load_state_dict(strict=True)}).
     */
    static Map<String, INDArray> load(Path path, Map<String, INDArray> params, List<TorchParameter> layout) {
        Map<String, INDArray> tensors = Safetensors.read(path).tensors();
        TreeSet<String> missing = new TreeSet<>();
        TreeSet<String> unexpected = new TreeSet<>(tensors.keySet());
        for (TorchParameter p : layout) {
            unexpected.remove(p.torchName());
            if (!tensors.containsKey(p.torchName())) {
                missing.add(p.torchName());
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new DescentException("The state_dict in " + path + " does not fit this model: "
                    + (missing.isEmpty() ? "" : "missing " + missing + (unexpected.isEmpty() ? "" : ", "))
                    + (unexpected.isEmpty() ? "" : "unexpected " + unexpected) + " (the model expects " + torchNames(layout)
                    + "). Fix: save it from the nn.Sequential this model mirrors (Sequential.torchParameters() lists the names).");
        }
        Map<String, INDArray> values = new LinkedHashMap<>();
        for (TorchParameter p : layout) {
            INDArray t = tensors.get(p.torchName());
            INDArray ours = params.get(p.name());
            long[] expected = p.transposed() ? new long[] {ours.size(1), ours.size(0)} : ours.shape();
            if (!Arrays.equals(expected, t.shape())) {
                throw new DescentException("Tensor '" + p.torchName() + "' in " + path + " has shape " + Arrays.toString(t.shape())
                        + " but this model's " + p.name() + " needs " + Arrays.toString(expected) + " in torch's layout"
                        + (p.transposed() ? " ([out, in])" : "") + ". Fix: load weights of the same architecture.");
            }
            if (!t.dataType().isFPType()) {
                throw new DescentException("Tensor '" + p.torchName() + "' in " + path + " holds " + t.dataType()
                        + " values; parameters need floating-point ones. Fix: save the state_dict of a float model.");
            }
            INDArray v = t.castTo(DataType.FLOAT);
            values.put(p.name(), p.transposed() ? v.transpose().dup('c') : v);
        }
        return values;
    }

    private static List<String> torchNames(List<TorchParameter> layout) {
        return layout.stream().map(TorchParameter::torchName).toList();
    }
}

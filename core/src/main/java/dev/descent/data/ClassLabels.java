package dev.descent.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names of the classes of a class-index array: class {@code i} is {@code names().get(i)}.
 * {@link Csv} makes one from a column of string labels, sorted by {@link String#compareTo} (as
 * scikit-learn's {@code LabelEncoder} and {@code np.unique} sort them, so indices agree with a
 * PyTorch pipeline that encodes labels that way), never in first-seen order.
 *
 * <pre>{@code
 * ClassLabels species = ClassLabels.of("setosa", "versicolor", "virginica");
 * species.index("virginica");   // 2
 * species.name(0);              // "setosa"
 * }</pre>
 *
 * @param names the class names, distinct and non-empty list; index = position
 */
public record ClassLabels(List<String> names) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ClassLabels {
        names = List.copyOf(names);
        if (names.isEmpty()) {
            throw new IllegalArgumentException("ClassLabels needs at least one class name (got an empty list)");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            Integer before = seen.put(names.get(i), i);
            if (before != null) {
                throw new IllegalArgumentException("Duplicate class name \"" + names.get(i) + "\" at positions " + before
                        + " and " + i + " (class names must be distinct)");
            }
        }
    }

    /** Class names in index order. */
    public static ClassLabels of(String... names) {
        return new ClassLabels(List.of(names));
    }

    /** Number of classes. */
    public int size() {
        return names.size();
    }

    /**
     * The name of class {@code index}.
     *
     * @throws IllegalArgumentException if {@code index} is outside {@code [0, size())}
     */
    public String name(int index) {
        if (index < 0 || index >= names.size()) {
            throw new IllegalArgumentException("Invalid class index: " + index + " (must be in [0, " + names.size()
                    + ") for the classes " + names + ")");
        }
        return names.get(index);
    }

    /**
     * The index of class {@code name}.
     *
     * @throws IllegalArgumentException if there is no such class (the message lists them)
     */
    public int index(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("Unknown class \"" + name + "\" (the classes are " + names + ")");
        }
        return i;
    }

    /** The names as a JSON array, e.g. {@code ["setosa","versicolor"]} (how model and dataset files store them). */
    public String toJson() {
        try {
            return JSON.writeValueAsString(names);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode class names as JSON", e);
        }
    }

    /**
     * Parses {@link #toJson()}'s form.
     *
     * @throws IllegalArgumentException if {@code json} is not a non-empty array of distinct strings
     */
    public static ClassLabels fromJson(String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Invalid class names: " + json + " (expected a JSON array of strings, e.g. [\"a\",\"b\"])", e);
        }
        return fromJson(node, json);
    }

    static ClassLabels fromJson(JsonNode node, String where) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("Invalid class names in " + where + " (expected a JSON array of strings, e.g. [\"a\",\"b\"])");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw new IllegalArgumentException("Invalid class name " + n + " in " + where + " (class names are strings)");
            }
            out.add(n.asText());
        }
        return new ClassLabels(out);
    }
}

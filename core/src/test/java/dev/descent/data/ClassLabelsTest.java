package dev.descent.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Class names by index: the lookups both ways, the rules a list of names must follow, the JSON form files store. */
class ClassLabelsTest {

    private static final ClassLabels SPECIES = ClassLabels.of("setosa", "versicolor", "virginica");

    @Test
    void namesAndIndicesBothWays() {
        assertEquals(3, SPECIES.size());
        assertEquals("setosa", SPECIES.name(0));
        assertEquals("virginica", SPECIES.name(2));
        assertEquals(0, SPECIES.index("setosa"));
        assertEquals(2, SPECIES.index("virginica"));
        for (int bad : new int[] {-1, 3}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SPECIES.name(bad));
            assertEquals("Invalid class index: " + bad + " (must be in [0, 3) for the classes [setosa, versicolor, virginica])",
                    e.getMessage());
        }
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> SPECIES.index("rose"));
        assertEquals("Unknown class \"rose\" (the classes are [setosa, versicolor, virginica])", unknown.getMessage());
    }

    @Test
    void namesMustBeDistinctAndAtLeastOne() {
        IllegalArgumentException empty = assertThrows(IllegalArgumentException.class, () -> new ClassLabels(List.of()));
        assertEquals("ClassLabels needs at least one class name (got an empty list)", empty.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> ClassLabels.of("a", "b", "a"));
        assertEquals("Duplicate class name \"a\" at positions 0 and 2 (class names must be distinct)", twice.getMessage());
        List<String> source = new ArrayList<>(List.of("a", "b"));
        ClassLabels copy = new ClassLabels(source);
        source.add("c");
        assertEquals(List.of("a", "b"), copy.names(), "a copy of the list");
    }

    @Test
    void jsonRoundTripAndItsErrors() {
        String json = SPECIES.toJson();
        assertEquals("[\"setosa\",\"versicolor\",\"virginica\"]", json);
        assertEquals(SPECIES, ClassLabels.fromJson(json));
        assertEquals(List.of("x\"y", "ü"), ClassLabels.fromJson(ClassLabels.of("x\"y", "ü").toJson()).names());
        IllegalArgumentException notJson = assertThrows(IllegalArgumentException.class, () -> ClassLabels.fromJson("[\"a\""));
        assertEquals("Invalid class names: [\"a\" (expected a JSON array of strings, e.g. [\"a\",\"b\"])", notJson.getMessage());
        IllegalArgumentException object = assertThrows(IllegalArgumentException.class, () -> ClassLabels.fromJson("{\"a\":1}"));
        assertEquals("Invalid class names in {\"a\":1} (expected a JSON array of strings, e.g. [\"a\",\"b\"])", object.getMessage());
        IllegalArgumentException number = assertThrows(IllegalArgumentException.class, () -> ClassLabels.fromJson("[\"a\",2]"));
        assertEquals("Invalid class name 2 in [\"a\",2] (class names are strings)", number.getMessage());
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> ClassLabels.fromJson(""));
        assertEquals("Invalid class names in  (expected a JSON array of strings, e.g. [\"a\",\"b\"])", none.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> ClassLabels.fromJson("[\"a\",\"a\"]"));
        assertEquals("Duplicate class name \"a\" at positions 0 and 1 (class names must be distinct)", twice.getMessage());
    }
}

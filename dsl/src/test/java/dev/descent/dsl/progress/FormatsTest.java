package dev.descent.dsl.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void plurals() {
        assertEquals("steps", Formats.plural("step"));
        assertEquals("epochs", Formats.plural("epoch"));
        assertEquals("batches", Formats.plural("batch"));
        assertEquals("passes", Formats.plural("pass"));
        assertEquals("samples", Formats.plural("samples"));
    }

    @Test
    void values() {
        assertEquals("0.1234", Formats.value(0.12344));
        assertEquals("0.0000", Formats.value(0.0));
        assertEquals("1.235e-05", Formats.value(1.2345e-5));
        assertEquals("1.000e+06", Formats.value(1e6));
        assertEquals("NaN", Formats.value(Double.NaN));
        assertEquals("inf", Formats.value(Double.POSITIVE_INFINITY));
    }

    @Test
    void durationsAndRates() {
        assertEquals("00:01:05", Formats.duration(65));
        assertEquals("27:46:40", Formats.duration(100_000));
        assertEquals("167", Formats.rate(166.7));
        assertEquals("12.3", Formats.rate(12.34));
        assertEquals("0.05", Formats.rate(0.05));
    }
}

package dev.descent.dsl.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TickFormatTest {
    @Test
    void labels() {
        assertEquals("1", TickFormat.label(1.0));
        assertEquals("0.01", TickFormat.label(0.01));
        assertEquals("0.001", TickFormat.label(0.001));
        assertEquals("500", TickFormat.label(500));
        assertEquals("1.58", TickFormat.label(Math.pow(10, 0.2)));
        assertEquals("1e-5", TickFormat.label(1e-5));
        assertEquals("2.5e-7", TickFormat.label(2.5e-7));
        assertEquals("3e6", TickFormat.label(3e6));
        assertEquals("-1e-4", TickFormat.label(-1e-4));
        assertEquals("0", TickFormat.label(0));
    }
}

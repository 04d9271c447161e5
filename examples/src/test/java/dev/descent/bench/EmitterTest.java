package dev.descent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EmitterTest {

    @Test
    void printsTheHarnessLineFormat() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Emitter e = new Emitter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        e.emit("W1", "us_per_step", 87.5, "us");
        assertEquals("{\"impl\": \"ours\", \"workload\": \"W1\", \"metric\": \"us_per_step\", \"value\": 87.5, \"unit\": \"us\"}"
                + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));
        assertEquals(87.5, e.value("W1", "us_per_step"));
        assertTrue(e.has("W1", "us_per_step"));
    }

    @Test
    void keepsSixSignificantDigitsLikeThePeers() {
        assertEquals("99.802", Emitter.number(99.80200123));
        assertEquals("0.0099708", Emitter.number(0.00997080012));
        assertEquals("39900", Emitter.number(39900.0));
        assertEquals("12345700", Emitter.number(12345678.9));
        assertEquals("-2.5", Emitter.number(-2.5));
        assertEquals("0", Emitter.number(0.0));
        assertEquals("1", Emitter.number(1));
    }

    @Test
    void nonFiniteValuesAreJsonNull() {
        assertEquals("null", Emitter.number(Double.NaN));
        assertEquals("null", Emitter.number(Double.POSITIVE_INFINITY));
        assertEquals("{\"impl\": \"ours\", \"workload\": \"W3\", \"metric\": \"error\", \"value\": null, \"unit\": \"x\"}",
                Emitter.line("ours", "W3", "error", Double.NaN, "x"));
    }

    @Test
    void escapesQuotesBackslashesAndControlCharactersInUnits() {
        assertEquals("\"say \\\"hi\\\" \\\\ \\u000a\"", Emitter.quote("say \"hi\" \\ \n"));
    }
}

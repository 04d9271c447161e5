package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code descent demo} is registered and documents its option. */
class DemoCommandTest {
    @Test
    void helpListsTheOutOption() {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code;
        try (PrintStream capture = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            code = DescentCli.run("demo", "--help");
        } finally {
            System.setOut(saved);
        }
        String help = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code);
        assertTrue(help.contains("--out=DIR") && help.contains("descent-out"), help);
    }
}

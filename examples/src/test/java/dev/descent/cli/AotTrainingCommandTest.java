package dev.descent.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The launcher's AOT-cache training run: hidden, it trains what it says and leaves no files behind. */
class AotTrainingCommandTest {

    @Test
    void trainsW0W3AndTheDigitsAndRemovesItsFolder() throws IOException {
        Set<Path> before = ownFolders();
        Object[] r = CliRun.cli("aot-training");
        String out = (String) r[1];
        assertEquals(0, r[0], out + r[2]);
        assertTrue(out.contains("\"workload\": \"W0\"") && out.contains("\"workload\": \"W3\""), out);
        assertFalse(out.contains("\"metric\": \"error\""), out);
        assertEquals(before, ownFolders(), "the digits run's temporary folder is removed");
    }

    @Test
    void isNotListedAmongTheUsersCommands() {
        Object[] r = CliRun.cli("--help");
        assertEquals(0, r[0]);
        String help = (String) r[1];
        assertTrue(help.contains("bench") && help.contains("demo"), help);
        assertFalse(help.contains("aot-training"), help);
    }

    private static Set<Path> ownFolders() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("descent-aot-training-")).collect(Collectors.toSet());
        }
    }
}

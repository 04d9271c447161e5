package dev.descent;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the repository's {@code golden/} folder (PyTorch reference data, format in
 * {@code golden/README.md}) by walking up from the working directory, so the tests run from the
 * root and from any module.
 */
public final class GoldenFiles {
    private GoldenFiles() {
    }

    public static Path golden(String file) {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("golden").resolve(file);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("Cannot find golden/" + file + " in " + start + " or any parent; "
                + "the golden traces live in the repository's golden/ folder");
    }
}

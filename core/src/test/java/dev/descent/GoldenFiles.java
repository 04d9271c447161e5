package dev.descent;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds {@code shared/golden} beside the checkout (CI clones the repo with shared/ next to it). */
public final class GoldenFiles {
    private GoldenFiles() {
    }

    public static Path golden(String file) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("shared").resolve("golden").resolve(file);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("Cannot find shared/golden/" + file + " in any parent of "
                + Path.of("").toAbsolutePath() + "; the golden traces live in ../shared/golden beside the checkout");
    }
}

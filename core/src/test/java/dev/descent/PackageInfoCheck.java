package dev.descent;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The architecture tests' one source-level rule, shared through core's test jar: every folder of
 * main Java sources is a documented package, holding a {@code package-info.java}.
 */
public final class PackageInfoCheck {
    private PackageInfoCheck() {
    }

    /** Fails naming every folder under {@code sources} that holds Java sources but no package-info.java. */
    public static void assertEveryPackageHasPackageInfo(Path sources) throws IOException {
        assertTrue(Files.isDirectory(sources), "no source folder " + sources.toAbsolutePath());
        List<String> undocumented;
        try (Stream<Path> dirs = Files.walk(sources)) {
            undocumented = dirs.filter(Files::isDirectory).filter(PackageInfoCheck::holdsJavaSources)
                    .filter(d -> !Files.exists(d.resolve("package-info.java")))
                    .map(d -> sources.relativize(d).toString().replace(d.getFileSystem().getSeparator(), "."))
                    .sorted().toList();
        }
        assertTrue(undocumented.isEmpty(), "packages without a package-info.java (add one: a sentence or two on what"
                + " lives there): " + undocumented);
    }

    private static boolean holdsJavaSources(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".java")
                    && !f.getFileName().toString().equals("package-info.java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.descent.cli;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Class path strings made explicit: a jar whose manifest carries a {@code Class-Path} (as test
 * runners' "manifest-only" jars do) is followed by the entries it names, so javac
 * and JShell all see the same classes however the parent was launched.
 */
final class ClassPaths {
    private ClassPaths() {
    }

    /** The entries of {@code classPath} with manifest Class-Path entries spliced in, duplicates dropped. */
    static List<String> expand(String classPath) {
        Set<String> out = new LinkedHashSet<>();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            out.add(entry);
            if (entry.endsWith(".jar")) {
                out.addAll(manifestClassPath(Path.of(entry)));
            }
        }
        return new ArrayList<>(out);
    }

    private static List<String> manifestClassPath(Path jar) {
        List<String> entries = new ArrayList<>();
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest mf = jf.getManifest();
            String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
            if (cp == null) {
                return entries;
            }
            // Class-Path holds space-separated URLs relative to the jar's directory
            URI base = jar.toAbsolutePath().getParent().toUri();
            for (String url : cp.trim().split("\\s+")) {
                if (!url.isEmpty()) {
                    entries.add(Path.of(base.resolve(new URI(url))).toString());
                }
            }
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            // an unreadable jar or odd URL: keep the entry as given, the JVM will judge it
        }
        return entries;
    }
}

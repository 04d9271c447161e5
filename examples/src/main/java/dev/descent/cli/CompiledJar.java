package dev.descent.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.jspecify.annotations.Nullable;

/** A compiled {@code .java} script in {@link ScriptCache}: its classes in a jar whose manifest names the main class. */
final class CompiledJar {
    private static final String SUFFIX = ".class";

    private CompiledJar() {
    }

    static void write(Path file, String mainClass, Map<String, byte[]> classes) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                jar.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + SUFFIX));
                jar.write(c.getValue());
                jar.closeEntry();
            }
        }
    }

    /** Puts the jar's classes into {@code classes} and returns the main class; null if there is no (readable) jar. */
    static @Nullable String read(Path file, Map<String, byte[]> classes) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file); JarInputStream jar = new JarInputStream(in)) {
            Manifest manifest = jar.getManifest();
            String main = manifest == null ? null : manifest.getMainAttributes().getValue(Attributes.Name.MAIN_CLASS);
            for (JarEntry e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
                String name = e.getName();
                if (name.endsWith(SUFFIX)) {
                    classes.put(name.substring(0, name.length() - SUFFIX.length()).replace('/', '.'), jar.readAllBytes());
                }
            }
            if (main == null || !classes.containsKey(main)) {
                classes.clear();
                return null;
            }
            return main;
        } catch (IOException | RuntimeException e) {
            classes.clear(); // a damaged entry: compile again
            return null;
        }
    }
}

package dev.descent.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.descent.DescentException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link UpdateRules}' provider lookup through the thread's context class loader and the library's
 * own: a provider class seen through both is one registration, two different classes claiming one
 * name are refused with both names, a listed class that cannot be loaded is reported, and a context
 * loader that does not see the library still leaves the built-ins.
 */
class UpdateRulesLoadingTest {

    private static final String SERVICES = "META-INF/services/" + UpdateRuleProvider.class.getName();
    private static final ClassLoader OWN = UpdateRules.class.getClassLoader();

    private static <T> T withContextLoader(ClassLoader loader, Supplier<T> body) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(loader);
        try {
            return body.get();
        } finally {
            t.setContextClassLoader(before);
        }
    }

    /** The library's loader plus one more services file that lists {@code providerClass}. */
    private static URLClassLoader withExtraService(Path dir, String providerClass) throws IOException {
        Path file = dir.resolve(SERVICES);
        Files.createDirectories(file.getParent());
        Files.writeString(file, providerClass + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, OWN);
    }

    @Test
    void twoProviderClassesClaimingOneNameAreRefusedWithBothNames(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = withExtraService(dir, ClashingSgdTestProvider.class.getName())) {
            DescentException e = assertThrows(DescentException.class, () -> withContextLoader(loader, UpdateRules::names));
            assertEquals("Two update-rule providers claim the name 'sgd': " + SgdProvider.class.getName() + " and "
                    + ClashingSgdTestProvider.class.getName()
                    + ". Remove one from META-INF/services or give it another name.", e.getMessage());
        }
    }

    @Test
    void aListedClassThatCannotBeLoadedIsReported(@TempDir Path dir) throws IOException {
        try (URLClassLoader loader = withExtraService(dir, "dev.descent.optim.NoSuchProvider")) {
            DescentException e = assertThrows(DescentException.class,
                    () -> withContextLoader(loader, () -> UpdateRules.create("sgd", Map.of())));
            assertTrue(e.getMessage().startsWith("Could not load an update-rule provider listed in " + SERVICES + ": "),
                    e.getMessage());
            assertTrue(e.getMessage().contains("dev.descent.optim.NoSuchProvider"), e.getMessage());
            assertTrue(e.getMessage().endsWith("Each listed class must be public with a public no-argument constructor."),
                    e.getMessage());
        }
    }

    @Test
    void theSameProviderClassThroughTwoLoadersIsOneRegistration() throws IOException {
        ClassLoader redefining = new RedefiningLoader(OWN, SignSgdTestProvider.class.getName());
        Set<String> names = withContextLoader(redefining, UpdateRules::names);
        assertTrue(names.contains("signsgd"), names.toString());
        assertTrue(names.contains("sgd"), names.toString());
        assertEquals(UpdateRules.names(), names);
        // the redefined class really is another class than the one the library's loader sees
        Class<?> other = assertThrowsNothing(() -> redefining.loadClass(SignSgdTestProvider.class.getName()));
        assertTrue(other != SignSgdTestProvider.class);
        assertSame(redefining, other.getClassLoader());
    }

    @Test
    void aContextLoaderThatDoesNotSeeTheLibraryLeavesTheBuiltIns() throws IOException {
        try (URLClassLoader blind = new URLClassLoader(new URL[0], null)) {
            Set<String> names = withContextLoader(blind, UpdateRules::names);
            assertTrue(names.containsAll(List.of("sgd", "adam", "adamw", "rmsprop", "adagrad", "adadelta")),
                    names.toString());
            assertEquals(Sgd.class, withContextLoader(blind, () -> UpdateRules.create("SGD", Map.of())).getClass());
        }
        Set<String> withoutContext = withContextLoader(null, UpdateRules::names);
        assertEquals(UpdateRules.names(), withoutContext);
    }

    private static <T> T assertThrowsNothing(java.util.concurrent.Callable<T> c) {
        try {
            return c.call();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Delegates every class to its parent except one, which it defines itself from the same bytes. */
    private static final class RedefiningLoader extends ClassLoader {
        private final String redefined;

        RedefiningLoader(ClassLoader parent, String redefined) {
            super(parent);
            this.redefined = redefined;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(redefined)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        if (in == null) {
                            throw new ClassNotFoundException(name);
                        }
                        byte[] bytes = in.readAllBytes();
                        c = defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return c;
            }
        }
    }
}

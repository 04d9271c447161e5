package dev.descent.cli;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import org.jspecify.annotations.Nullable;

/**
 * Runs a single-file Java program in this JVM, following the JDK's source launcher (JEP 330,
 * {@code java Name.java}) except that no second JVM starts: the source is compiled in memory with
 * the JDK's compiler ({@code javax.tools}) against this JVM's class path, and the first top-level
 * class's {@code public static void main(String[])} runs on the calling thread, from a class loader
 * whose parent is the application class loader (so the script shares the library's classes, and
 * the library sees the script's classes through the thread's context class loader).
 *
 * <p>As with {@code java}: compile errors are printed as javac prints them
 * ({@code file:line: error: message}) followed by {@code error: compilation failed}, status 1; an
 * exception thrown out of {@code main} goes to the thread's uncaught-exception handler (by default
 * {@code Exception in thread "main" ...} and the stack trace, without the frames of this runner),
 * status 1; and once {@code main} has ended, the run waits for the non-daemon threads the script
 * started (those alive now that were not alive just before {@code main} was called) before it
 * returns. {@code System.exit(n)} in the script ends this JVM with status {@code n}.
 *
 * <p>Unlike {@code java}, the compiled classes are kept ({@link ScriptCache}, under
 * {@code ~/.cache/descent/java}): a second run of an unchanged script does not start javac.
 */
final class JavaSourceScript {
    /** Exit status when the script cannot be run at all (no compiler, unreadable file). */
    static final int CANNOT_RUN = 2;

    private JavaSourceScript() {
    }

    /**
     * Compiles and runs {@code file} with {@code args} and returns its exit status; {@code compiler}
     * gives null when this runtime has none (a JRE), and is asked only when the script is not in the
     * cache: finding javac loads its classes, which a cached script never needs. Diagnostics go to {@code err}.
     */
    static int run(Path file, String[] args, Supplier<@Nullable JavaCompiler> compiler, PrintWriter err) {
        return run(file, args, compiler, err, ScriptCache.of("java"));
    }

    /** As {@link #run(Path, String[], Supplier, PrintWriter)}, with compiled scripts kept in {@code cache}. */
    static int run(Path file, String[] args, Supplier<@Nullable JavaCompiler> compilers, PrintWriter err, ScriptCache cache) {
        String source;
        try {
            // javac's default encoding, as `java Name.java` reads it
            source = Files.readString(file, Charset.defaultCharset());
        } catch (IOException e) {
            err.println("descent run: cannot read " + file + ": " + e);
            err.flush();
            return CANNOT_RUN;
        }
        List<String> flags = List.of("-proc:none", "-Xdiags:verbose");
        Path entry = cache.entry("descent-java 2 java " + Runtime.version() + " " + flags, file, source,
                RunCommand.launchClassPath());
        Map<String, byte[]> classes = new ConcurrentHashMap<>();
        String mainClass = CompiledJar.read(entry, classes);
        if (mainClass == null) {
            List<String> options = new ArrayList<>(flags);
            options.addAll(List.of("--class-path", RunCommand.classPath()));
            JavaCompiler compiler = compilers.get();
            if (compiler == null) {
                err.println("descent run: cannot run " + file + ": this Java runtime (" + System.getProperty("java.home")
                        + ") has no Java compiler; .java scripts need a JDK (put a JDK's java first on the PATH)");
                err.flush();
                return CANNOT_RUN;
            }
            mainClass = compile(compiler, file, source, options, classes, err);
            if (mainClass == null) {
                return 1;
            }
            String main = mainClass;
            ScriptCache.store(entry, tmp -> CompiledJar.write(tmp, main, classes));
        }
        return execute(file, mainClass, classes, args, err);
    }

    /** The first top-level class's binary name, with every class compiled into {@code classes}; null on error. */
    private static @Nullable String compile(JavaCompiler compiler, Path file, String source, List<String> options,
            Map<String, byte[]> classes, PrintWriter err) {
        StandardJavaFileManager standard = compiler.getStandardFileManager(null, null, null);
        try (MemoryFileManager files = new MemoryFileManager(standard, classes)) {
            // no source path: javac would otherwise look for (and compile) sources on the class path
            standard.setLocation(StandardLocation.SOURCE_PATH, List.of());
            JavaFileObject unit = new SimpleJavaFileObject(file.toUri(), JavaFileObject.Kind.SOURCE) {
                @Override
                public String getName() {
                    return file.toString(); // javac's messages name the file as given
                }

                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return source;
                }

                @Override
                public boolean isNameCompatible(String simpleName, JavaFileObject.Kind kind) {
                    return kind == JavaFileObject.Kind.SOURCE; // any class name, as in source-file mode
                }
            };
            JavacTask task = (JavacTask) compiler.getTask(err, files, null, options, null, List.of(unit));
            FirstTopLevelClass first = new FirstTopLevelClass();
            task.addTaskListener(first);
            boolean ok = task.call();
            err.flush();
            if (!ok) {
                err.println("error: compilation failed");
                err.flush();
                return null;
            }
            if (first.type == null) {
                err.println("error: no class declared in source file");
                err.flush();
                return null;
            }
            return first.type.getQualifiedName().toString(); // a top-level class: its binary name
        } catch (IOException e) {
            err.println("descent run: compiling " + file + " failed: " + e);
            err.flush();
            return null;
        }
    }

    private static int execute(Path file, String mainClass, Map<String, byte[]> classes, String[] args,
            PrintWriter err) {
        ClassLoader loader = new MemoryClassLoader(classes, ClassLoader.getSystemClassLoader());
        System.setProperty("jdk.launcher.sourcefile", file.toString()); // as the source launcher sets it
        System.out.flush();
        err.flush();
        Thread self = Thread.currentThread();
        ClassLoader contextLoader = self.getContextClassLoader();
        Set<Thread> before = liveThreads();
        int status;
        self.setContextClassLoader(loader);
        try {
            status = invokeMain(mainClass, loader, args, err);
        } catch (LinkageError e) {
            uncaught(self, e); // a static initialiser failed, or a class the script needs is missing
            status = 1;
        } finally {
            self.setContextClassLoader(contextLoader);
        }
        awaitThreadsStartedSince(before);
        return status;
    }

    /** Loads and initialises the class, checks its main as the source launcher does, and calls it. */
    private static int invokeMain(String mainClass, ClassLoader loader, String[] args, PrintWriter err) {
        Method main;
        try {
            main = Class.forName(mainClass, true, loader).getDeclaredMethod("main", String[].class);
        } catch (ClassNotFoundException e) {
            return fail(err, "error: can't find class: " + mainClass);
        } catch (NoSuchMethodException e) {
            return fail(err, "error: can't find main(String[]) method in class: " + mainClass);
        }
        int publicStatic = Modifier.PUBLIC | Modifier.STATIC;
        if ((main.getModifiers() & publicStatic) != publicStatic) {
            return fail(err, "error: 'main' method is not declared 'public static'");
        }
        if (main.getReturnType() != void.class) {
            return fail(err, "error: 'main' method is not declared with a return type of 'void'");
        }
        main.setAccessible(true); // the class itself need not be public
        try {
            main.invoke(null, (Object) args);
            return 0;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            // drop this runner's frames, as the source launcher does: the trace ends at the script's main
            StackTraceElement[] trace = cause.getStackTrace();
            int ours = e.getStackTrace().length;
            if (trace.length > ours) {
                cause.setStackTrace(Arrays.copyOfRange(trace, 0, trace.length - ours));
            }
            uncaught(Thread.currentThread(), cause);
            return 1;
        } catch (IllegalAccessException e) {
            return fail(err, "error: can't access main method in class: " + mainClass);
        }
    }

    private static int fail(PrintWriter err, String message) {
        err.println(message);
        err.flush();
        return 1;
    }

    /** What the JVM does with an exception thrown out of a thread's run, here out of the script's main. */
    private static void uncaught(Thread thread, Throwable e) {
        System.out.flush();
        thread.getUncaughtExceptionHandler().uncaughtException(thread, e);
        System.err.flush();
    }

    /** Every live thread. */
    static Set<Thread> liveThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] threads = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(threads, true)) == threads.length) {
            threads = new Thread[threads.length * 2];
        }
        return new HashSet<>(Arrays.asList(threads).subList(0, n));
    }

    /**
     * Returns when every non-daemon thread not in {@code before} (other than the caller) has ended:
     * what the {@code java} launcher does after {@code main} returns, limited to the threads started
     * since the script began, so that threads of whatever called us (a test runner) are not waited for.
     */
    static void awaitThreadsStartedSince(Set<Thread> before) {
        Thread self = Thread.currentThread();
        while (true) {
            Thread running = null;
            for (Thread t : liveThreads()) {
                if (t != self && !t.isDaemon() && t.isAlive() && !before.contains(t)) {
                    running = t;
                    break;
                }
            }
            if (running == null) {
                return;
            }
            try {
                running.join();
            } catch (InterruptedException e) {
                self.interrupt();
                return;
            }
        }
    }

    /** Records the first top-level class javac analyses: the source file's first, as in JEP 330. */
    private static final class FirstTopLevelClass implements TaskListener {
        @Nullable TypeElement type;

        @Override
        public void started(TaskEvent event) {
            if (event.getKind() == TaskEvent.Kind.ANALYZE && type == null) {
                TypeElement t = event.getTypeElement();
                // (a package clause has an analysis event of its own, for an unnamed element)
                if (t != null && t.getNestingKind() == NestingKind.TOP_LEVEL && !t.getSimpleName().isEmpty()) {
                    type = t;
                }
            }
        }
    }

    /** Keeps javac's class files in memory, by binary name. */
    private static final class MemoryFileManager extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, byte[]> classes;
        private final StandardJavaFileManager standard;

        MemoryFileManager(StandardJavaFileManager standard, Map<String, byte[]> classes) {
            super(standard);
            this.standard = standard;
            this.classes = classes;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(JavaFileManager.Location location, String className,
                JavaFileObject.Kind kind, @Nullable FileObject sibling) throws IOException {
            if (kind != JavaFileObject.Kind.CLASS) {
                return standard.getJavaFileForOutput(location, className, kind, sibling);
            }
            URI uri = URI.create("memory:///" + className.replace('.', '/') + kind.extension);
            return new SimpleJavaFileObject(uri, kind) {
                @Override
                public OutputStream openOutputStream() {
                    return new ByteArrayOutputStream() {
                        @Override
                        public void close() {
                            classes.put(className, toByteArray());
                        }
                    };
                }
            };
        }
    }

    /** Defines the compiled classes; everything else comes from the parent (the application class loader). */
    private static final class MemoryClassLoader extends ClassLoader {
        static {
            registerAsParallelCapable();
        }

        private final Map<String, byte[]> classes;

        MemoryClassLoader(Map<String, byte[]> classes, ClassLoader parent) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = classes.get(name);
            if (bytes == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }
    }
}

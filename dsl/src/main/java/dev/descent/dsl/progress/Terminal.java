package dev.descent.dsl.progress;

import java.io.Console;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link ProgressReporter#auto} needs to know about its surroundings: whether a console is
 * attached and the environment variables. Replace it in tests, or to force a decision.
 *
 * <pre>{@code
 * Terminal ci = Terminal.of(true, Map.of("CI", "true"));
 * ci.isInteractive();   // false: CI logs are not terminals even when a pty is attached
 * }</pre>
 */
public interface Terminal {
    /** Whether the JVM is attached to an interactive console. */
    boolean hasConsole();

    /** An environment variable, or {@code null} when unset. */
    @Nullable String getenv(String name);

    /**
     * Whether a live, redrawing progress bar is appropriate: a console is attached, {@code TERM}
     * is not {@code dumb}, and {@code CI} is unset, empty or {@code false}.
     */
    default boolean isInteractive() {
        if (!hasConsole()) {
            return false;
        }
        String term = getenv("TERM");
        if (term != null && term.equalsIgnoreCase("dumb")) {
            return false;
        }
        String ci = getenv("CI");
        return ci == null || ci.isBlank() || ci.equalsIgnoreCase("false") || ci.equals("0");
    }

    /** The real process: {@link System#console()} and {@link System#getenv(String)}. */
    static Terminal system() {
        return SystemTerminal.INSTANCE;
    }

    /** A fixed answer, for tests or to force a mode. */
    static Terminal of(boolean hasConsole, Map<String, String> env) {
        Map<String, String> copy = Map.copyOf(Objects.requireNonNull(env, "env"));
        return new Terminal() {
            @Override
            public boolean hasConsole() {
                return hasConsole;
            }

            @Override
            public @Nullable String getenv(String name) {
                return copy.get(name);
            }
        };
    }
}

/** {@link Terminal#system()}. */
final class SystemTerminal implements Terminal {
    static final SystemTerminal INSTANCE = new SystemTerminal();

    private SystemTerminal() {}

    @Override
    public boolean hasConsole() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        // From JDK 22 System.console() is non-null even when redirected; Console.isTerminal()
        // (JDK 22+) then tells the truth. Looked up reflectively because we compile for 17.
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public @Nullable String getenv(String name) {
        return System.getenv(name);
    }
}

package dev.descent;

/**
 * Base of every exception the library throws on its own account. Unchecked, so Kotlin and Java
 * callers are not forced into try/catch; the message always names what went wrong, echoes the
 * offending value and says how to fix it.
 */
public class DescentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DescentException(String message) {
        super(message);
    }

    public DescentException(String message, Throwable cause) {
        super(message, cause);
    }
}

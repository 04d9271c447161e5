package dev.descent.store;

/**
 * Long variants of the reliability tests. {@code mvn test -Plong} (profile in core/pom.xml and
 * examples/pom.xml) sets the system property {@code descent.long=true}; the default build runs the
 * short variants so it stays fast.
 */
public final class LongMode {
    /** True under {@code -Plong} (or {@code -Ddescent.long=true} passed to the tests). */
    public static final boolean ON = Boolean.getBoolean("descent.long");

    private LongMode() {
    }

    /** {@code quick} normally, {@code full} under {@code -Plong}. */
    public static int pick(int quick, int full) {
        return ON ? full : quick;
    }
}

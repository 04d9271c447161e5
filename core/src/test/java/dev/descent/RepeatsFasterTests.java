package dev.descent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a slow test whose checks faster tests also make, each on its own: mutation testing leaves
 * these out ({@code -Pmutation} excludes the tag), because under PIT every mutant a test covers and
 * does not kill first pays for the whole test. The annotation names the faster tests in its
 * {@link #value}; docs/mutation.md lists what is left out and why.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(RepeatsFasterTests.TAG)
public @interface RepeatsFasterTests {
    /** The JUnit tag, for build tools' group filters. */
    String TAG = "repeats-faster-tests";

    /** The faster tests that make the same checks, as {@code Class#method}. */
    String[] value();
}

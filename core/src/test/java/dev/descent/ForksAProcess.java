package dev.descent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test (or a test class) whose checks run in another process: a child JVM, a torch
 * generator. Mutation testing leaves these out ({@code -Pmutation} excludes the tag): PIT's mutants
 * live in the test JVM's memory, so a child process never sees them, and PIT's own JVM cannot
 * start the children. Start such processes with {@link ChildProcesses}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(ForksAProcess.TAG)
public @interface ForksAProcess {
    /** The JUnit tag, for build tools' group filters. */
    String TAG = "forks-a-process";
}

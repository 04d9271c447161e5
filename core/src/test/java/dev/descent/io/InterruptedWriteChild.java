package dev.descent.io;

import java.nio.file.Path;

/**
 * The child side of {@link AtomicFilesLeftoversTest}: starts an atomic write of {@code TARGET},
 * writes part of the content, prints {@code WRITING} and waits inside the write to be killed.
 */
public final class InterruptedWriteChild {
    private InterruptedWriteChild() {
    }

    public static void main(String[] args) {
        AtomicFiles.write(Path.of(args[0]), out -> {
            out.write(new byte[100_000]);
            out.flush();
            System.out.println("WRITING");
            System.out.flush();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}

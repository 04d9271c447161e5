package dev.descent.dsl.plot;

/** Turns on AWT headless mode before the first chart touches AWT, unless the application chose. */
final class Headless {
    private Headless() {}

    static {
        // Must run before GraphicsEnvironment is first queried, which caches the answer; an explicit
        // choice by the application (-Djava.awt.headless=false for a desktop app) is respected.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Forces class initialisation; the work happens once, in the static initialiser. */
    static void ensure() {}
}

package dev.descent.graph;

import dev.descent.DescentException;

/** A wiring error found while an expression was being built: names the expression, the expected and actual shapes. */
public final class ShapeException extends DescentException {
    private static final long serialVersionUID = 1L;

    public ShapeException(String message) {
        super(message);
    }
}

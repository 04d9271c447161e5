package dev.descent.train;

import dev.descent.DescentException;

/** A loss or gradient became NaN or infinite; the parameters are those from before the step. */
public final class NonFiniteException extends DescentException {
    private static final long serialVersionUID = 1L;
    private final long step;

    public NonFiniteException(String message, long step) {
        super(message);
        this.step = step;
    }

    /** The 0-based step at which the non-finite value appeared. */
    public long step() {
        return step;
    }
}

package dev.descent.store;

import dev.descent.DescentException;

/** A model or checkpoint file is damaged, truncated, empty or not one of ours. */
public final class CorruptFileException extends DescentException {
    private static final long serialVersionUID = 1L;

    public CorruptFileException(String message) {
        super(message);
    }
}

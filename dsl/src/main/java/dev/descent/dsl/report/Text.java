package dev.descent.dsl.report;

import java.util.Objects;

/**
 * A paragraph of plain text (shown as typed: no markup; blank lines start new paragraphs).
 *
 * @param text what to show; not blank
 */
public record Text(String text) implements Section {
    public Text {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            throw new IllegalArgumentException("A report's text must not be blank; leave the section out instead");
        }
    }
}

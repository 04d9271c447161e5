package dev.descent.dsl.chart;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * What every chart builder has, for the PNG/SVG charts of {@code plot} and the HTML sections of
 * {@code report} alike: a title and the names of the x and y axes, and legend labels that must be
 * unique.
 *
 * @param <B> the concrete builder, which each setter returns so that calls chain
 */
public abstract class AxesBuilder<B extends AxesBuilder<B>> {
    private String title = "";
    private String xLabel = "x";
    private String yLabel = "y";

    protected AxesBuilder() {
    }

    public B title(String title) {
        this.title = Objects.requireNonNull(title, "title");
        return self();
    }

    public B xLabel(String label) {
        this.xLabel = Objects.requireNonNull(label, "xLabel");
        return self();
    }

    public B yLabel(String label) {
        this.yLabel = Objects.requireNonNull(label, "yLabel");
        return self();
    }

    /** The title set so far ({@code ""} when none). */
    public String title() {
        return title;
    }

    /** The x axis's name so far (default {@code "x"}). */
    public String xLabel() {
        return xLabel;
    }

    /** The y axis's name so far (default {@code "y"}). */
    public String yLabel() {
        return yLabel;
    }

    @SuppressWarnings("unchecked") // B is the subclass itself, by the declaration of each builder
    protected final B self() {
        return (B) this;
    }

    /**
     * @param kind what the items are, starting the message ({@code "Series"}, {@code "Trajectory"})
     * @param hint appended to the message, e.g. how to tell two runs apart
     * @throws IllegalArgumentException if two of {@code items} share a name (they label the legend)
     */
    protected final <T> void requireUniqueNames(List<T> items, Function<T, String> name, String kind, String hint) {
        Set<String> names = new HashSet<>();
        for (T item : items) {
            if (!names.add(name.apply(item))) {
                throw new IllegalArgumentException(kind + " name '" + name.apply(item) + "' is used twice"
                        + (title.isEmpty() ? "" : " in '" + title + "'") + "; legend labels must be unique" + hint);
            }
        }
    }
}
